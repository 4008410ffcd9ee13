import { readdir } from 'node:fs/promises'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Transform } from '../src/manifest/types.js'
import { createPipeline, type SourceImage } from '../src/pipeline/index.js'
import { countingSource, gradientPng, useTempDirs } from './pipeline-helpers.js'

const tempDir = useTempDirs()
let png: Buffer

beforeAll(async () => {
  png = await gradientPng(768, 512)
})

const webp: Transform = { format: 'webp', widths: [320] }

/** Sources whose reads wait until the test lets them through, so "how many at once" can be counted. */
function gatedSources(count: number) {
  const started: number[] = []
  let open!: () => void
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  const sources: SourceImage[] = Array.from({ length: count }, (_, index) => ({
    ...countingSource(png, 'png', 768, 512),
    hash: index.toString(16).padStart(64, '0'),
    read: async () => {
      started.push(index)
      await gate
      return png
    },
  }))
  return { sources, started, open }
}

/** Long enough for any further read to start, if the limit let it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

describe('pipeline: concurrency', () => {
  it('produces a derivative once when it is asked for several times at once', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const source = countingSource(png, 'png', 768, 512)
    const results = await Promise.all([1, 2, 3].map(() => pipeline.derive(source, webp, 'blur')))
    expect(source.reads).toBe(1)
    expect(results[1]).toBe(results[0])
    expect(results[2]).toBe(results[0])
  })

  it('reads no more sources at once than its concurrency', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir(), concurrency: 2 })
    const { sources, started, open } = gatedSources(5)
    const all = Promise.all(sources.map((source) => pipeline.derive(source, webp, 'none')))
    await vi.waitFor(() => expect(started).toHaveLength(2))
    await settle()
    expect(started).toHaveLength(2)
    open()
    expect(await all).toHaveLength(5)
    expect([...started].sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('works one source at a time with concurrency 1', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir(), concurrency: 1 })
    const { sources, started, open } = gatedSources(3)
    const all = Promise.all(sources.map((source) => pipeline.derive(source, webp, 'none')))
    await vi.waitFor(() => expect(started).toHaveLength(1))
    await settle()
    expect(started).toEqual([0])
    open()
    await all
    expect(started).toEqual([0, 1, 2])
  })

  it('rejects a concurrency that is not a positive integer', () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN]) {
      expect(() => createPipeline({ cacheDir: '/nowhere', concurrency })).toThrow(
        expect.objectContaining({ code: 'CONFIG' }),
      )
    }
  })

  it('passes a failed read on, caches nothing, and tries again next time', async () => {
    const cacheDir = await tempDir()
    const pipeline = createPipeline({ cacheDir })
    const source = countingSource(png, 'png', 768, 512)
    const failing = { ...source, read: () => Promise.reject(new Error('blob went away')) }
    await expect(pipeline.derive(failing, webp, 'none')).rejects.toThrow('blob went away')
    expect(await readdir(cacheDir)).toEqual([])

    const derived = await pipeline.derive(source, webp, 'none')
    expect(source.reads).toBe(1)
    expect(derived.variants).toHaveLength(1)
  })

  it('rejects bytes sharp cannot decode, and writes no index for them', async () => {
    const cacheDir = await tempDir()
    const pipeline = createPipeline({ cacheDir })
    const garbage = countingSource(Buffer.from('not an image at all'), 'png', 768, 512)
    await expect(pipeline.derive(garbage, webp, 'blur')).rejects.toThrow()
    const files = await readdir(cacheDir, { recursive: true }).catch(() => [])
    expect(files.filter((file) => file.endsWith('.json'))).toEqual([])
  })
})
