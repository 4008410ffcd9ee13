import { describe, expect, it } from 'vitest'
import type { StoreRecord } from '../src/store/record.js'
import { cheapJob, rejection, schedulerFor, startFake, tinyJob } from './generate-helpers.js'

function settle<T>(promises: Promise<T>[]) {
  return Promise.allSettled(promises).then((outcomes) => ({
    fulfilled: outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    rejected: outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : [])),
  }))
}

function usageSum(records: StoreRecord[], field: string): number {
  return records.reduce((sum, record) => sum + ((record.usage?.[field] as number | undefined) ?? 0), 0)
}

describe('the budget stops a run before it spends past it', () => {
  it('maxNewImages 2 over 5 missing: 2 generated, 3 refused with BUDGET, nothing sent for them', async () => {
    const fake = await startFake({ latencyMs: 30 })
    const { scheduler, store } = await schedulerFor(fake, { maxNewImages: 2 })
    const jobs = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => tinyJob(name)))

    const { fulfilled, rejected } = await settle(jobs.map((job) => scheduler.run(job)))

    expect(fulfilled).toHaveLength(2)
    expect(rejected).toHaveLength(3)
    for (const error of rejected) {
      expect(error).toMatchObject({ code: 'BUDGET' })
      expect(error.message).toContain('limit of 2 new images')
      expect(error.message).toMatch(/^[a-e] {2}not generated/)
    }
    expect(fake.requests).toHaveLength(2)
    expect(await store.listRecipes()).toHaveLength(2)
    expect(scheduler.report()).toMatchObject({ generated: 2, generatedImages: 2, failed: [] })
    // Refused by the budget, nothing sent: skipped, not failed.
    expect(scheduler.report().skipped.map((skipped) => skipped.error.code)).toEqual([
      'BUDGET',
      'BUDGET',
      'BUDGET',
    ])
  })

  it('counts images, not entries: an entry of n: 2 takes two', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxNewImages: 3 })
    await scheduler.run(await tinyJob('pair', { n: 2 }))
    expect(await rejection(scheduler.run(await tinyJob('another-pair', { n: 2 })))).toMatchObject({
      code: 'BUDGET',
      entry: 'another-pair',
    })
    await scheduler.run(await tinyJob('single'))
    expect(scheduler.report()).toMatchObject({ generated: 2, generatedImages: 3 })
  })

  it('maxCost $0.1 at $0.042 an image: 2 generated, the third would pass the cap; the report adds it all up', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxCost: 0.1, concurrency: 2 })
    const jobs = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) => cheapJob(name, { quality: 'medium' })),
    )
    const started = Date.now()

    const { fulfilled, rejected } = await settle(jobs.map((job) => scheduler.run(job)))
    const elapsed = Date.now() - started

    expect(fulfilled).toHaveLength(2)
    expect(rejected.map((error) => error.code)).toEqual(['BUDGET', 'BUDGET', 'BUDGET'])
    expect(rejected[0]?.message).toContain('past its cap of $0.1')
    expect(fake.requests).toHaveLength(2)
    const report = scheduler.report()
    expect(report).toMatchObject({ generated: 2, fromStore: 0, retries: 0, failed: [] })
    expect(report.skipped).toHaveLength(3)
    expect(report.estimatedCost).toBeCloseTo(0.084, 9)
    // Tokens are what the service reported for each image (gpt-image-1 medium 1024x1024: 1056 out).
    expect(report.tokens).toEqual({
      input: usageSum(fulfilled, 'input_tokens'),
      output: 2 * 1056,
      total: usageSum(fulfilled, 'total_tokens'),
    })
    expect(report.tokens.input).toBeGreaterThan(0)
    expect(report.tokens.total).toBe(report.tokens.input + report.tokens.output)
    expect(report.wallTimeMs).toBeGreaterThan(0)
    expect(report.wallTimeMs).toBeGreaterThanOrEqual(elapsed)
  })

  it('counts stored entries as fromStore and charges nothing for them', async () => {
    const fake = await startFake()
    const first = await schedulerFor(fake, { maxNewImages: 2 })
    const jobs = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => tinyJob(name)))
    await settle(jobs.map((job) => first.scheduler.run(job)))

    const second = await schedulerFor(fake, { maxNewImages: 2, dir: first.dir })
    const { fulfilled, rejected } = await settle(jobs.map((job) => second.scheduler.run(job)))
    expect(fulfilled).toHaveLength(4)
    expect(rejected.map((error) => error.code)).toEqual(['BUDGET'])
    expect(second.scheduler.report()).toMatchObject({ fromStore: 2, generated: 2, failed: [] })
    expect(second.scheduler.report().skipped).toHaveLength(1)
    expect(fake.requests).toHaveLength(4)
  })

  it('gives a failed generation’s share back to the run', async () => {
    const fake = await startFake({
      faults: [{ match: { prompt: 'refused' }, fault: { kind: 'moderation' } }],
    })
    const { scheduler } = await schedulerFor(fake, { maxNewImages: 1, maxCost: 0.05 })
    const refused = await cheapJob('refused', { prompt: 'A refused otter' })
    expect(await rejection(scheduler.run(refused))).toMatchObject({ code: 'PROVIDER_MODERATION' })
    await scheduler.run(await cheapJob('allowed'))
    expect(scheduler.report()).toMatchObject({ generated: 1, skipped: [] })
    expect(scheduler.report().estimatedCost).toBeCloseTo(0.011, 9)
  })
})
