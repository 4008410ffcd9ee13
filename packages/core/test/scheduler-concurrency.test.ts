import { describe, expect, it } from 'vitest'
import { createScheduler } from '../src/generate/scheduler.js'
import { silentLogger } from '../src/logger.js'
import type { GenerationRequest } from '../src/providers/types.js'
import { openStore } from '../src/store/store.js'
import {
  expectWholeEntries,
  FAST_BACKOFF,
  JOBS_BY_API,
  providerFor,
  rejection,
  schedulerFor,
  startFake,
  tinyJob,
} from './generate-helpers.js'

function tinyJobs(count: number, jobFor: (name: string) => Promise<GenerationRequest> = tinyJob) {
  return Promise.all(Array.from({ length: count }, (_, index) => jobFor(`otter-${index + 1}`)))
}

describe('pacing by what the service says', () => {
  it('brings 8 concurrent generations down to a service that takes 2 at a time, and loses none', async () => {
    const fake = await startFake({ maxInFlight: 2, inFlightRetryAfterMs: 40, latencyMs: 60 })
    const { scheduler, store } = await schedulerFor(fake, { concurrency: 8, maxRetries: 6 })
    const jobs = await tinyJobs(24)

    const records = await Promise.all(jobs.map((job) => scheduler.run(job)))

    expect(records).toHaveLength(24)
    expect((await store.listRecipes()).sort()).toEqual(jobs.map((job) => job.key).sort())
    const report = scheduler.report()
    expect(report).toMatchObject({ generated: 24, generatedImages: 24, failed: [] })
    const rejected = fake.requests.filter((request) => request.status === 429).length
    expect(rejected).toBe(fake.stats.rejectedInFlight)
    expect(report.retries).toBe(rejected)
    expect(fake.requests.filter((request) => request.status === 200)).toHaveLength(24)
    // The first wave meets the cap (8 sent, 6 refused); after it the scheduler keeps close to the cap,
    // trying one more only now and then.
    expect(rejected).toBeGreaterThanOrEqual(6)
    const later = fake.requests.slice(12).filter((request) => request.status === 429).length
    expect(later).toBeLessThanOrEqual(6)
    await expectWholeEntries(store)
  })
})

describe.each(JOBS_BY_API)('$api: cancelling a run', ({ jobFor }) => {
  it('keeps what finished, leaves no partial files, rejects the rest with ABORTED and closes requests in flight', async () => {
    const fake = await startFake({ latencyMs: 250 })
    const { scheduler, store } = await schedulerFor(fake, { concurrency: 3 })
    const jobs = await tinyJobs(9, jobFor)
    const controller = new AbortController()
    const runs = jobs.map((job) => scheduler.run(job, { signal: controller.signal }))

    await expect.poll(() => scheduler.report().generated, { interval: 10 }).toBeGreaterThanOrEqual(3)
    await expect.poll(() => fake.stats.inFlight, { interval: 10 }).toBeGreaterThan(0)
    controller.abort()
    const outcomes = await Promise.allSettled(runs)

    const finished = jobs.filter((_, index) => outcomes[index]?.status === 'fulfilled')
    const cancelled = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))
    expect(finished.length).toBeGreaterThanOrEqual(3)
    expect(finished.length).toBeLessThan(9)
    expect(finished.length + cancelled.length).toBe(9)
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'ABORTED', entry: jobs[index]?.entryName })
    })
    for (const job of finished) expect(await store.readRecipe(job.key)).toBeDefined()
    expect((await store.listRecipes()).sort()).toEqual(finished.map((job) => job.key).sort())

    await expect.poll(() => fake.stats.inFlight).toBe(0)
    const outcomesAtFake = fake.requests.map((request) => request.outcome)
    expect(outcomesAtFake).toContain('client-closed')
    expect(outcomesAtFake.filter((outcome) => outcome === 'answered')).toHaveLength(finished.length)
    // Nothing was sent after the cancellation: the fake saw what finished and at most the 3 in flight.
    expect(fake.requests.length).toBeLessThanOrEqual(finished.length + 3)
    await expectWholeEntries(store)
    expect(scheduler.report().failed.map((failure) => failure.error.code)).toEqual(
      cancelled.map(() => 'ABORTED'),
    )
  })

  it('stops waiting between retries when cancelled', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'rate-limit', retryAfterMs: 10_000 } }] })
    const { scheduler } = await schedulerFor(fake)
    const controller = new AbortController()
    const pending = scheduler.run(await jobFor('waiting'), { signal: controller.signal })
    await expect.poll(() => fake.requests.length).toBe(1)
    const started = performance.now()
    controller.abort()
    expect(await rejection(pending)).toMatchObject({ code: 'ABORTED', entry: 'waiting' })
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})

describe('cancelling a run', () => {
  it('keeps and returns images that arrived just before the cancellation', async () => {
    const fake = await startFake()
    const { store } = await schedulerFor(fake)
    const controller = new AbortController()
    const provider = providerFor(fake)
    const scheduler = createScheduler({
      provider: {
        name: 'openai',
        async generate(job, options) {
          const result = await provider.generate(job, options)
          controller.abort() // paid for: the images must still be stored
          return result
        },
      },
      store,
      logger: silentLogger,
      concurrency: 2,
      maxRetries: 0,
      maxNewImages: Number.POSITIVE_INFINITY,
      maxCost: Number.POSITIVE_INFINITY,
    })
    const otter = await tinyJob('otter')
    const record = await scheduler.run(otter, { signal: controller.signal })
    expect(await store.readRecipe(otter.key)).toEqual(record)
    expect(scheduler.report()).toMatchObject({ generated: 1, failed: [] })
  })

  it('rejects at once, sending nothing, a job whose signal is already aborted', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake)
    const error = await rejection(scheduler.run(await tinyJob('late'), { signal: AbortSignal.abort() }))
    expect(error).toMatchObject({ code: 'ABORTED', entry: 'late' })
    expect(fake.requests).toEqual([])
  })
})

describe('one generation per key', () => {
  it('shares one request between two runs of one key in a scheduler', async () => {
    const fake = await startFake({ latencyMs: 100 })
    const { scheduler } = await schedulerFor(fake)
    const otter = await tinyJob('otter')
    const [first, second] = await Promise.all([scheduler.run(otter), scheduler.run(otter)])
    expect(second).toEqual(first)
    expect(fake.requests).toHaveLength(1)
    expect(scheduler.report()).toMatchObject({ generated: 1, fromStore: 0 })
    // Once stored, a later run reads it.
    expect(await scheduler.run(otter)).toEqual(first)
    expect(fake.requests).toHaveLength(1)
    expect(scheduler.report()).toMatchObject({ generated: 1, fromStore: 1 })
  })

  it('goes on for a caller of a key when another caller of it cancels', async () => {
    const fake = await startFake({ latencyMs: 150 })
    const { scheduler } = await schedulerFor(fake)
    const otter = await tinyJob('otter')
    const leaving = new AbortController()
    const cancelled = scheduler.run(otter, { signal: leaving.signal })
    const kept = scheduler.run(otter, { signal: new AbortController().signal })
    await expect.poll(() => fake.stats.inFlight).toBe(1)
    leaving.abort()
    expect(await rejection(cancelled)).toMatchObject({ code: 'ABORTED', entry: 'otter' })
    expect((await kept).request_id).toBe(fake.requests[0]?.id)
    expect(fake.requests.map((request) => request.outcome)).toEqual(['answered'])
    expect(scheduler.report()).toMatchObject({ generated: 1, failed: [] })
  })

  it('shares one request between two schedulers on one store directory', async () => {
    const fake = await startFake({ latencyMs: 150 })
    const one = await schedulerFor(fake)
    const other = createScheduler({
      provider: providerFor(fake),
      store: openStore({ dir: one.dir }),
      logger: one.logger,
      concurrency: 4,
      maxRetries: 2,
      maxNewImages: Number.POSITIVE_INFINITY,
      maxCost: Number.POSITIVE_INFINITY,
      backoff: FAST_BACKOFF,
    })
    const otter = await tinyJob('otter')
    const [first, second] = await Promise.all([one.scheduler.run(otter), other.run(otter)])
    expect(second).toEqual(first)
    expect(fake.requests).toHaveLength(1)
    expect(one.scheduler.report().generated + other.report().generated).toBe(1)
    expect(one.scheduler.report().fromStore + other.report().fromStore).toBe(1)
  })

  it('names the entry when cancelled while another scheduler holds the key’s lock', async () => {
    const fake = await startFake({ latencyMs: 400 })
    const one = await schedulerFor(fake)
    const other = await schedulerFor(fake, { dir: one.dir })
    const otter = await tinyJob('otter')
    const generating = one.scheduler.run(otter)
    await expect.poll(() => fake.stats.inFlight).toBe(1)
    const controller = new AbortController()
    const waiting = other.scheduler.run(otter, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 50))
    controller.abort()
    expect(await rejection(waiting)).toMatchObject({ code: 'ABORTED', entry: 'otter' })
    await generating
    expect(fake.requests).toHaveLength(1)
    expect(other.scheduler.report().failed.map((failure) => failure.error.entry)).toEqual(['otter'])
  })

  it('generates a stored key again when forced, keeping the old blob until pruned', async () => {
    const fake = await startFake()
    const { scheduler, store } = await schedulerFor(fake)
    const otter = await tinyJob('otter')
    const first = await scheduler.run(otter)
    const second = await scheduler.run(otter, { force: true })
    expect(fake.requests).toHaveLength(2)
    expect(second.request_id).toBe(fake.requests[1]?.id)
    expect((await store.readRecipe(otter.key))?.request_id).toBe(second.request_id)
    expect((await store.listBlobs()).map((blob) => blob.blob)).toContain(first.outputs[0]?.blob)
    expect(scheduler.report()).toMatchObject({ generated: 2 })
  })
})

describe.each(JOBS_BY_API)('$api: one request per key', ({ jobFor }) => {
  it('cancels the request once every caller of the key has cancelled', async () => {
    const fake = await startFake({ latencyMs: 5_000 })
    const { scheduler, store } = await schedulerFor(fake)
    const otter = await jobFor('otter')
    const first = new AbortController()
    const second = new AbortController()
    // Each rejection is taken at once: the first arrives while the second caller still waits.
    const runs = [
      rejection(scheduler.run(otter, { signal: first.signal })),
      rejection(scheduler.run(otter, { signal: second.signal })),
    ]
    await expect.poll(() => fake.stats.inFlight).toBe(1)
    first.abort()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(fake.stats.inFlight).toBe(1)
    second.abort()
    for (const run of runs) expect(await run).toMatchObject({ code: 'ABORTED' })
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed')
    await expect.poll(() => scheduler.report().failed.length).toBe(1)
    expect(fake.requests).toHaveLength(1)
    expect(await store.listRecipes()).toEqual([])
  })
})
