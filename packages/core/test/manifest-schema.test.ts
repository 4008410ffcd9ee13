import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { z } from 'zod'
import { manifestJsonSchema } from '../src/manifest/json-schema.js'

const committed = JSON.parse(
  await readFile(new URL('../schema/images.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>

const DESIGN_EXAMPLE = `
defaults:
  model: gpt-image-1
  quality: medium
  output_format: webp
  transform: { format: avif, widths: [640, 1280] }
images:
  hero:
    prompt: A cute baby sea otter floating in a kelp forest, watercolor
    size: 1536x1024
    alt: An otter floating on its back among kelp
    placeholder: blur
  logo:
    prompt: Minimal flat otter logo
    background: transparent
    output_format: png
    transform: { format: png, widths: [128, 256] }
  gift-basket:
    prompt: Create a lovely gift basket with these four items in it
    images: [./body-lotion.png, ./bath-bomb.png, ./incense-kit.png, ./soap.png]
    mask: ./mask.png
  otter-remix:
    model: dall-e-2
    variation: ./otter.png
    n: 2
    rev: 1
`

describe('the JSON Schema of images.yaml', () => {
  it('is committed as the build generates it (run `pnpm --filter @imagegen/core build` to refresh)', () => {
    expect(committed).toEqual(manifestJsonSchema())
  })

  it('accepts the manifest of the design document', () => {
    const validator = z.fromJSONSchema(committed as never)
    expect(validator.safeParse(parse(DESIGN_EXAMPLE)).success).toBe(true)
  })

  it('refuses unknown keys, bad enum values and bad entry names, as editors will show', () => {
    const validator = z.fromJSONSchema(committed as never)
    expect(validator.safeParse({ images: { hero: { prompt: 'x', promt: 'y' } } }).success).toBe(false)
    expect(validator.safeParse({ images: { hero: { prompt: 'x', placeholder: 'blurr' } } }).success).toBe(
      false,
    )
    expect(validator.safeParse({ images: { hero: { prompt: 'x', size: 'big' } } }).success).toBe(false)
    expect(validator.safeParse({ images: { '1st': { prompt: 'x' } } }).success).toBe(false)
    expect(validator.safeParse({ defaults: { rev: 1 }, images: {} }).success).toBe(false)
  })

  it('targets draft-07 and describes the fields', () => {
    expect(committed.$schema).toBe('http://json-schema.org/draft-07/schema#')
    const entry = (
      committed.properties as { images: { additionalProperties: { properties: Record<string, unknown> } } }
    ).images.additionalProperties
    expect(Object.keys(entry.properties)).toEqual([
      'provider',
      'model',
      'prompt',
      'n',
      'size',
      'quality',
      'background',
      'output_format',
      'output_compression',
      'moderation',
      'style',
      'input_fidelity',
      'aspectRatio',
      'imageSize',
      'image_size',
      'personGeneration',
      'style_prompt',
      'reference_images',
      'alt',
      'rev',
      'placeholder',
      'transform',
      'images',
      'mask',
      'variation',
    ])
    expect(entry.properties.size).toMatchObject({ description: expect.stringContaining('WIDTHxHEIGHT') })
  })
})
