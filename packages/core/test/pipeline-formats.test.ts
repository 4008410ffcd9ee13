import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPipeline } from '../src/pipeline/index.js'
import { countingSource, gradientPng, readBack, useTempDirs } from './pipeline-helpers.js'

const tempDir = useTempDirs()
let png: Buffer

beforeAll(async () => {
  png = await gradientPng(1536, 1024)
})

const source = () => countingSource(png, 'png', 1536, 1024)

describe('pipeline: formats and widths', () => {
  it.each([
    ['avif', [320]],
    ['webp', [640, 1280]],
    ['png', [640]],
    ['jpeg', [640, 1280]],
  ] as const)('encodes %s at each width, as the file on disk confirms', async (format, widths) => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { variants } = await pipeline.derive(source(), { format, widths: [...widths] }, 'none')

    expect(variants.map((variant) => variant.width)).toEqual(widths)
    for (const variant of variants) {
      expect(variant.format).toBe(format)
      const onDisk = await readBack(variant.file)
      expect(onDisk).toEqual({
        format,
        width: variant.width,
        height: Math.round((variant.width * 1024) / 1536),
        bytes: variant.bytes,
        hash: variant.hash,
      })
    }
  })

  it('keeps the source format for original, and at the source width copies the bytes as they are', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { variants } = await pipeline.derive(source(), { format: 'original', widths: [640, 1536] }, 'none')

    expect(variants.map(({ format, width, height }) => ({ format, width, height }))).toEqual([
      { format: 'png', width: 640, height: 427 },
      { format: 'png', width: 1536, height: 1024 },
    ])
    expect((await readBack(variants[0]!.file)).format).toBe('png')
    // equals(), not toEqual(): a deep comparison of megabytes takes vitest most of a minute.
    expect((await readFile(variants[1]!.file)).equals(png)).toBe(true)
    expect(variants[1]!.hash).toBe(source().hash)
  })

  it('defaults to the original format at the source width when the transform is empty', async () => {
    const jpegBytes = await sharp(png).jpeg().toBuffer()
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { variants } = await pipeline.derive(countingSource(jpegBytes, 'jpeg', 1536, 1024), {}, 'none')

    expect(variants).toHaveLength(1)
    expect(variants[0]).toMatchObject({ format: 'jpeg', width: 1536, height: 1024, bytes: jpegBytes.length })
    expect(variants[0]!.file).toMatch(/\.jpg$/)
    expect((await readFile(variants[0]!.file)).equals(jpegBytes)).toBe(true)
  })

  it('never upscales: wider requests collapse to the source width, deduplicated and sorted', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const derived = await pipeline.derive(
      source(),
      { format: 'webp', widths: [4000, 640, 1280, 2000] },
      'none',
    )

    expect(derived.variants.map((variant) => variant.width)).toEqual([640, 1280, 1536])
    const onDisk = await Promise.all(derived.variants.map((variant) => readBack(variant.file)))
    expect(onDisk.map(({ width, height }) => [width, height])).toEqual([
      [640, 427],
      [1280, 853],
      [1536, 1024],
    ])
  })

  it('keeps the aspect ratio of a portrait source', async () => {
    const portrait = await gradientPng(600, 900, 7)
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { variants } = await pipeline.derive(
      countingSource(portrait, 'png', 600, 900),
      { format: 'webp', widths: [100, 300] },
      'none',
    )
    for (const variant of variants) {
      const { width, height } = await readBack(variant.file)
      expect(Math.abs(height! - (width! * 900) / 600)).toBeLessThan(1)
    }
    expect(variants.map(({ width, height }) => [width, height])).toEqual([
      [100, 150],
      [300, 450],
    ])
  })

  it.each(['webp', 'jpeg', 'avif'] as const)('makes smaller %s files at lower quality', async (format) => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const low = await pipeline.derive(source(), { format, widths: [320], quality: 20 }, 'none')
    const high = await pipeline.derive(source(), { format, widths: [320], quality: 90 }, 'none')
    expect(low.variants[0]!.bytes).toBeLessThan(high.variants[0]!.bytes)
    expect(low.variants[0]!.file).not.toBe(high.variants[0]!.file)
  })

  it('turns a PNG quality into a palette, smaller than lossless PNG', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const lossless = await pipeline.derive(source(), { format: 'png', widths: [320] }, 'none')
    const palette = await pipeline.derive(source(), { format: 'png', widths: [320], quality: 60 }, 'none')

    expect(palette.variants[0]!.bytes).toBeLessThan(lossless.variants[0]!.bytes)
    expect((await sharp(palette.variants[0]!.file).metadata()).isPalette).toBe(true)
    expect((await sharp(lossless.variants[0]!.file).metadata()).isPalette).toBe(false)
  })

  it('flattens transparency onto white for JPEG', async () => {
    const transparent = await sharp({
      create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer()
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const { variants } = await pipeline.derive(
      countingSource(transparent, 'png', 64, 64),
      { format: 'jpeg' },
      'none',
    )
    const { channels } = await sharp(variants[0]!.file).stats()
    expect(channels.map((channel) => channel.min)).toEqual([255, 255, 255])
  })

  it('names each file by a key inside the cache and reports its bytes and sha256', async () => {
    const cacheDir = await tempDir()
    const pipeline = createPipeline({ cacheDir })
    const { variants } = await pipeline.derive(source(), { format: 'webp', widths: [320] }, 'none')
    const [variant] = variants
    expect(variant!.file).toMatch(new RegExp(`^${cacheDir}/([0-9a-f]{2})/\\1[0-9a-f]{62}\\.webp$`))
    expect(variant!.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(await readBack(variant!.file)).toMatchObject({ bytes: variant!.bytes, hash: variant!.hash })
  })

  it('rejects widths and qualities no manifest could hold', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    await expect(pipeline.derive(source(), { widths: [0] }, 'none')).rejects.toMatchObject({ code: 'CONFIG' })
    await expect(pipeline.derive(source(), { widths: [10.5] }, 'none')).rejects.toMatchObject({
      code: 'CONFIG',
    })
    await expect(pipeline.derive(source(), { quality: 101 }, 'none')).rejects.toMatchObject({
      code: 'CONFIG',
    })
  })
})
