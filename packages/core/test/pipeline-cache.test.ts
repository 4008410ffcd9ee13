import { access, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Transform } from '../src/manifest/types.js'
import { createPipeline, type DerivedImage } from '../src/pipeline/index.js'
import {
  type CountingSource,
  countingSource,
  gradientPng,
  readBack,
  useTempDirs,
} from './pipeline-helpers.js'

const tempDir = useTempDirs()
let png: Buffer

beforeAll(async () => {
  png = await gradientPng(1536, 1024)
})

const source = (): CountingSource => countingSource(png, 'png', 1536, 1024)
const webp: Transform = { format: 'webp', widths: [320, 640] }

/** Every file in the cache, relative to it, temporary files included. */
async function cacheFiles(cacheDir: string): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(cacheDir.length + 1))
    .sort()
}

async function indexFile(cacheDir: string): Promise<string> {
  const files = (await cacheFiles(cacheDir)).filter((file) => file.endsWith('.json'))
  expect(files).toHaveLength(1)
  return join(cacheDir, files[0]!)
}

async function expectFilesMatch(derived: DerivedImage): Promise<void> {
  for (const variant of derived.variants) {
    expect(await readBack(variant.file)).toMatchObject({
      width: variant.width,
      bytes: variant.bytes,
      hash: variant.hash,
    })
  }
}

describe('pipeline: the derivative cache', () => {
  it('does no I/O at creation: the cache directory appears with the first derivative', async () => {
    const cacheDir = join(await tempDir(), 'node_modules', '.cache', 'imagegen')
    const pipeline = createPipeline({ cacheDir })
    await expect(access(dirname(cacheDir))).rejects.toThrow()
    expect(pipeline.cacheDir).toBe(cacheDir)

    await pipeline.derive(source(), webp, 'blur')
    const files = await cacheFiles(cacheDir)
    expect(files).toHaveLength(3)
    for (const file of files) expect(file).toMatch(/^([0-9a-f]{2})\/\1[0-9a-f]{62}\.(webp|json)$/)
    expect(files.filter((file) => file.endsWith('.webp'))).toHaveLength(2)
  })

  it('answers a warm run from its index alone: no read of the source, identical results', async () => {
    const cacheDir = await tempDir()
    const cold = source()
    const first = await createPipeline({ cacheDir }).derive(cold, webp, 'blur')
    expect(cold.reads).toBe(1)

    const warm = source()
    const second = await createPipeline({ cacheDir }).derive(warm, webp, 'blur')
    expect(warm.reads).toBe(0)
    expect(second).toEqual(first)
    await expectFilesMatch(second)
  })

  it('finds the cache again through a relative cacheDir', async () => {
    const cacheDir = await tempDir()
    const first = await createPipeline({ cacheDir }).derive(source(), webp, 'color')
    const warm = source()
    const relativeDir = join(cacheDir, '..', '.', cacheDir.split('/').at(-1)!)
    const second = await createPipeline({ cacheDir: relativeDir }).derive(warm, webp, 'color')
    expect(warm.reads).toBe(0)
    expect(second).toEqual(first)
  })

  it('derives again when the transform changes, into new files', async () => {
    const cacheDir = await tempDir()
    const pipeline = createPipeline({ cacheDir })
    const base = await pipeline.derive(source(), { format: 'webp', widths: [320] }, 'none')

    for (const transform of [
      { format: 'webp', widths: [320], quality: 40 },
      { format: 'jpeg', widths: [320] },
      { format: 'webp', widths: [321] },
    ] as const) {
      const changed = source()
      const derived = await pipeline.derive(changed, { ...transform, widths: [...transform.widths] }, 'none')
      expect(changed.reads).toBe(1)
      expect(derived.variants[0]!.file).not.toBe(base.variants[0]!.file)
      expect(derived.variants[0]!.hash).not.toBe(base.variants[0]!.hash)
    }
    expect((await cacheFiles(cacheDir)).filter((file) => file.endsWith('.json'))).toHaveLength(4)
  })

  it('shares the files of a width that two transforms have in common', async () => {
    const cacheDir = await tempDir()
    const pipeline = createPipeline({ cacheDir })
    const one = await pipeline.derive(source(), { format: 'webp', widths: [320] }, 'none')
    const two = await pipeline.derive(source(), { format: 'webp', widths: [320, 640] }, 'blur')
    expect(two.variants[0]).toEqual(one.variants[0])
    expect((await cacheFiles(cacheDir)).filter((file) => file.endsWith('.webp'))).toHaveLength(2)
  })

  it('derives again when the placeholder changes', async () => {
    const cacheDir = await tempDir()
    const pipeline = createPipeline({ cacheDir })
    await pipeline.derive(source(), webp, 'blur')
    const changed = source()
    const derived = await pipeline.derive(changed, webp, 'color')
    expect(changed.reads).toBe(1)
    expect(derived.placeholder?.kind).toBe('color')
  })

  it.each([
    ['an index that is not JSON', async (file: string) => writeFile(file, '{"key": "trunc')],
    [
      'an index for another key',
      async (file: string) =>
        writeFile(file, (await readFile(file, 'utf8')).replace(/"key": "[0-9a-f]/, '"key": "x')),
    ],
    [
      'an index with a wrong field',
      async (file: string) =>
        writeFile(file, (await readFile(file, 'utf8')).replace('"width": 320', '"width": "320"')),
    ],
    ['an empty index', async (file: string) => writeFile(file, '')],
  ])('regenerates after %s', async (_, damage) => {
    const cacheDir = await tempDir()
    const first = await createPipeline({ cacheDir }).derive(source(), webp, 'blur')
    await damage(await indexFile(cacheDir))

    const again = source()
    expect(await createPipeline({ cacheDir }).derive(again, webp, 'blur')).toEqual(first)
    expect(again.reads).toBe(1)
    const warm = source()
    expect(await createPipeline({ cacheDir }).derive(warm, webp, 'blur')).toEqual(first)
    expect(warm.reads).toBe(0)
  })

  it.each([
    ['truncated', (file: string) => writeFile(file, 'RIFF')],
    ['deleted', (file: string) => rm(file)],
  ])('regenerates a variant file that was %s', async (_, damage) => {
    const cacheDir = await tempDir()
    const first = await createPipeline({ cacheDir }).derive(source(), webp, 'none')
    await damage(first.variants[1]!.file)

    const again = source()
    const derived = await createPipeline({ cacheDir }).derive(again, webp, 'none')
    expect(again.reads).toBe(1)
    expect(derived).toEqual(first)
    await expectFilesMatch(derived)
  })

  it('leaves no temporary files behind', async () => {
    const cacheDir = await tempDir()
    await createPipeline({ cacheDir }).derive(source(), webp, 'blur')
    expect((await cacheFiles(cacheDir)).filter((file) => file.includes('.tmp-'))).toEqual([])
  })

  it('writes the index for people too: relative file names, metadata, the placeholder', async () => {
    const cacheDir = await tempDir()
    const derived = await createPipeline({ cacheDir }).derive(source(), webp, 'color')
    const index = JSON.parse(await readFile(await indexFile(cacheDir), 'utf8'))
    expect(index.variants).toEqual(
      derived.variants.map((variant) => ({ ...variant, file: variant.file.slice(cacheDir.length + 1) })),
    )
    expect(index.placeholder).toEqual(derived.placeholder)
  })
})
