import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/engine/options.js'
import { costFromUsage, estimateCost } from '../src/prices/index.js'
import type { PartialImage } from '../src/providers/types.js'
import { cheapJob, listFiles, rejection, schedulerFor, startFake } from './generate-helpers.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('a generation that streams previews through the scheduler', () => {
  it('stores only the final image, with the usage of the completed event priced in the report', async () => {
    const fake = await startFake()
    const { scheduler, store, dir } = await schedulerFor(fake)
    const otter = await cheapJob('otter')
    const partials: PartialImage[] = []
    const record = await scheduler.run(otter, {
      partials: { count: 2, onPartial: (image) => partials.push(image) },
    })

    expect(fake.requests[0]?.body).toMatchObject({ stream: true, partial_images: 2 })
    expect(partials.map((image) => image.partialIndex)).toEqual([0, 1])
    expect(record.usage).toMatchObject({ output_tokens: 272 + 200 })
    const files = await listFiles(dir)
    expect(files.filter((name) => name.startsWith('blobs/'))).toHaveLength(1)
    const stored = new Set(
      await Promise.all(files.map(async (name) => sha256(await readFile(join(dir, name))))),
    )
    for (const image of partials) expect(stored.has(sha256(image.bytes))).toBe(false)
    expect(await store.readBlob(record.outputs[0]!)).toBeDefined()

    const report = scheduler.report()
    expect(report.actualCost).toBeCloseTo(costFromUsage(otter.recipe, record.usage, 1) ?? -1, 9)
    // The estimate reserved for it counts the previews' tokens too.
    expect(report.estimatedCost).toBeCloseTo(estimateCost(otter.recipe, [], 2) ?? -1, 9)
    expect(estimateCost(otter.recipe, [], 2)).toBeGreaterThan(estimateCost(otter.recipe) ?? 0)
  })

  it('a cost cap that covers the image but not its previews refuses to stream it', async () => {
    const fake = await startFake()
    const otter = await cheapJob('capped')
    const { scheduler } = await schedulerFor(fake, { maxCost: estimateCost(otter.recipe) ?? 0 })
    const error = await rejection(scheduler.run(otter, { partials: { count: 3, onPartial: () => {} } }))
    expect(error).toMatchObject({ code: 'BUDGET' })
    expect(fake.requests).toHaveLength(0)
  })

  it('a stream cut after its previews is retried once as a billed attempt, and the retry streams again', async () => {
    const fake = await startFake({ faults: [{ times: 1, fault: { kind: 'stream-cut' } }] })
    const { scheduler } = await schedulerFor(fake, { maxRetries: 4 })
    const otter = await cheapJob('cut')
    const partials: PartialImage[] = []
    const record = await scheduler.run(otter, {
      partials: { count: 2, onPartial: (image) => partials.push(image) },
    })
    expect(fake.requests).toHaveLength(2)
    expect(partials.map((image) => image.partialIndex)).toEqual([0, 1, 0, 1])
    expect(record.outputs).toHaveLength(1)
    // Both attempts were billed: both are in the run's estimated cost.
    expect(scheduler.report().estimatedCost).toBeCloseTo(2 * (estimateCost(otter.recipe, [], 2) ?? 0), 9)
  })
})

describe('the partialImages option', () => {
  it('asks for 2 previews by default, 0 to 3 allowed, anything else a clear CONFIG error', () => {
    expect(resolveOptions({}).partialImages).toBe(2)
    expect(resolveOptions({ partialImages: 0 }).partialImages).toBe(0)
    expect(() => resolveOptions({ partialImages: 4 })).toThrow(
      /partialImages `4` is not a whole number from 0 to 3/,
    )
    expect(() => resolveOptions({ partialImages: 1.5 })).toThrow(/CONFIG|partialImages/)
  })
})
