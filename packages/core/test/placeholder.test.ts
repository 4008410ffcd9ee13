import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  createPlaceholderProvider,
  type GenerationRequest,
  RECIPE_VERSION,
  type Recipe,
} from '../src/internal.js'
import { wrapText } from '../src/providers/placeholder.js'

function request(fields: Partial<Recipe['request']>, key = 'ab'.repeat(32)): GenerationRequest {
  const recipe: Recipe = {
    version: RECIPE_VERSION,
    provider: 'openai',
    endpoint: 'generations',
    request: { model: 'gpt-image-1', prompt: 'An otter <with> "quotes" & ampersands', n: 1, ...fields },
    inputs: {},
    rev: 0,
  }
  return { key, recipe, entryName: 'hero', files: { images: [] } }
}

describe('placeholder provider', () => {
  it.each([
    ['1536x1024', 'webp', 1536, 1024],
    ['1024x1536', 'jpeg', 1024, 1536],
    ['auto', 'png', 1024, 1024],
    ['2048x768', 'png', 2048, 768],
  ] as const)('draws %s as %s at the requested size and format', async (size, format, width, height) => {
    const result = await createPlaceholderProvider().generate(request({ size, output_format: format }))
    expect(result.images).toHaveLength(1)
    const [image] = result.images
    const meta = await sharp(image?.bytes).metadata()
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format, width, height })
    expect(image).toMatchObject({ format, width, height })
  })

  it('draws n images, each different', async () => {
    const result = await createPlaceholderProvider().generate(request({ size: '256x256', n: 3 }))
    expect(result.images).toHaveLength(3)
    expect(new Set(result.images.map((image) => image.bytes.toString('base64'))).size).toBe(3)
  })

  it('is deterministic for one key and differs between keys', async () => {
    const provider = createPlaceholderProvider()
    const one = await provider.generate(request({ size: '256x256' }))
    const again = await provider.generate(request({ size: '256x256' }))
    const other = await provider.generate(request({ size: '256x256' }, 'cd'.repeat(32)))
    expect(again.images[0]?.bytes.equals(one.images[0]?.bytes as Buffer)).toBe(true)
    expect(other.images[0]?.bytes.equals(one.images[0]?.bytes as Buffer)).toBe(false)
  })
})

describe('wrapText', () => {
  it('wraps at word boundaries and ellipsises what does not fit', () => {
    expect(wrapText('one two three four', 9, 5)).toEqual(['one two', 'three', 'four'])
    expect(wrapText('one two three four', 9, 2)).toEqual(['one two', 'three…'])
    expect(wrapText('supercalifragilistic', 6, 2)).toEqual(['super…'])
  })
})
