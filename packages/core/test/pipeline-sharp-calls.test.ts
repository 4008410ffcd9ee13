import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Transform } from '../src/manifest/types.js'
import { createPipeline } from '../src/pipeline/index.js'
import { countingSource, gradientPng, useTempDirs } from './pipeline-helpers.js'

/** Counts every `sharp(...)` the pipeline makes: each is one decode of an image. */
const calls = vi.hoisted(() => ({ count: 0 }))
vi.mock('sharp', async (importOriginal) => {
  const actual = ((await importOriginal()) as { default: (...args: unknown[]) => unknown }).default
  const counted = new Proxy(actual, {
    apply(target, self, args) {
      calls.count++
      return Reflect.apply(target, self, args)
    },
  })
  return { default: counted }
})

const tempDir = useTempDirs()
let png: Buffer

beforeAll(async () => {
  png = await gradientPng(768, 512)
})

beforeEach(() => {
  calls.count = 0
})

const source = () => countingSource(png, 'png', 768, 512)
const webp: Transform = { format: 'webp', widths: [320, 640] }

describe('pipeline: sharp calls', () => {
  it('decodes once per variant and once per placeholder on a cold run', async () => {
    await createPipeline({ cacheDir: await tempDir() }).derive(source(), webp, 'blur')
    expect(calls.count).toBe(3)
  })

  it('makes no sharp call at all on a warm run', async () => {
    const cacheDir = await tempDir()
    await createPipeline({ cacheDir }).derive(source(), webp, 'color')
    calls.count = 0
    const warm = source()
    await createPipeline({ cacheDir }).derive(warm, webp, 'color')
    expect(calls.count).toBe(0)
    expect(warm.reads).toBe(0)
  })

  it('runs sharp once for a derivative asked for several times at once', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    const same = source()
    await Promise.all([1, 2, 3, 4].map(() => pipeline.derive(same, webp, 'blur')))
    expect(calls.count).toBe(3)
  })

  it('encodes a width shared by two transforms in flight at once only once', async () => {
    const pipeline = createPipeline({ cacheDir: await tempDir() })
    // Both reads are held until both have started, so both derivations reach the shared width together.
    let waiting = 0
    let release!: () => void
    const bothRead = new Promise<void>((resolve) => {
      release = resolve
    })
    const gated = () => ({
      ...source(),
      read: async () => {
        if (++waiting === 2) release()
        await bothRead
        return png
      },
    })
    const [narrow, wide] = await Promise.all([
      pipeline.derive(gated(), { format: 'webp', widths: [320] }, 'none'),
      pipeline.derive(gated(), { format: 'webp', widths: [320, 640] }, 'none'),
    ])
    expect(calls.count).toBe(2)
    expect(wide.variants[0]).toEqual(narrow.variants[0])
  })
})
