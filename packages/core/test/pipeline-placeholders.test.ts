import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPipeline } from '../src/pipeline/index.js'
import { countingSource, gradientPng, useTempDirs } from './pipeline-helpers.js'

const tempDir = useTempDirs()
let png: Buffer

beforeAll(async () => {
  png = await gradientPng(1536, 1024)
})

function dataUrlBytes(dataURL: string): Buffer {
  return Buffer.from(dataURL.slice(dataURL.indexOf(',') + 1), 'base64')
}

describe('pipeline: placeholders', () => {
  it('makes a blur placeholder: a webp data URL of about 1 KB at most, a tiny image of the same shape', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { placeholder } = await pipeline.derive(
      countingSource(png, 'png', 1536, 1024),
      { format: 'webp' },
      'blur',
    )

    expect(placeholder?.kind).toBe('blur')
    const dataURL = placeholder?.kind === 'blur' ? placeholder.dataURL : ''
    expect(dataURL).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/]+=*$/)
    expect(dataURL.length).toBeLessThanOrEqual(1200)
    const meta = await sharp(dataUrlBytes(dataURL)).metadata()
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
      format: 'webp',
      width: 16,
      height: 11,
    })
  })

  it('keeps a blur placeholder small for a noisy image too', async () => {
    const noise = await sharp({
      create: {
        width: 512,
        height: 512,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 90 },
      },
    })
      .png()
      .toBuffer()
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { placeholder } = await pipeline.derive(countingSource(noise, 'png', 512, 512), {}, 'blur')
    expect(placeholder?.kind === 'blur' && placeholder.dataURL.length).toBeLessThanOrEqual(1200)
  })

  it('does not enlarge a source smaller than the placeholder', async () => {
    const tiny = await gradientPng(8, 4)
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { placeholder } = await pipeline.derive(countingSource(tiny, 'png', 8, 4), {}, 'blur')
    const meta = await sharp(dataUrlBytes(placeholder?.kind === 'blur' ? placeholder.dataURL : '')).metadata()
    expect([meta.width, meta.height]).toEqual([8, 4])
  })

  it.each(['#336699', '#c80a28', '#000000', '#ffffff', '#0f1011', '#101010', '#212021'])(
    'gives the exact colour of a solid %s source, not the centre of a histogram bin',
    async (color) => {
      const solid = await sharp({ create: { width: 300, height: 200, channels: 3, background: color } })
        .png()
        .toBuffer()
      const pipeline = createPipeline({ cacheDir: await tempDir() })
      const { placeholder } = await pipeline.derive(countingSource(solid, 'png', 300, 200), {}, 'color')
      expect(placeholder).toEqual({ kind: 'color', color })
    },
  )

  it('gives the colour that covers most of a picture', async () => {
    // Two thirds teal, one third orange, as a real picture has: the teal wins, exactly.
    const picture = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#1a7f8e' } })
      .composite([
        {
          input: { create: { width: 300, height: 100, channels: 3, background: '#f28c28' } },
          top: 200,
          left: 0,
        },
      ])
      .png()
      .toBuffer()
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { placeholder } = await pipeline.derive(countingSource(picture, 'png', 300, 300), {}, 'color')
    expect(placeholder).toEqual({ kind: 'color', color: '#1a7f8e' })
  })

  it('leaves the placeholder out for none', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const derived = await pipeline.derive(countingSource(png, 'png', 1536, 1024), { widths: [320] }, 'none')
    expect(derived).not.toHaveProperty('placeholder')
  })
})
