import { describe, expect, it } from 'vitest'
import {
  expectWholeEntries,
  falJob,
  googleJob,
  JOBS_BY_API,
  schedulerFor,
  startFake,
  tinyJob,
} from './generate-helpers.js'

/**
 * Pacing by each API's own rate-limit answers, and one request per key across schedulers, against the
 * fake's Gemini and fal APIs (cancelling runs for every API in scheduler-concurrency.test.ts).
 */
const apis = JOBS_BY_API.filter(({ api }) => api !== 'openai')

describe('Google pacing', () => {
  it('brings 8 concurrent generations down to a Gemini API that takes 2 at a time, and loses none', async () => {
    const fake = await startFake({ maxInFlight: 2, inFlightRetryAfterMs: 40, latencyMs: 60 })
    const { scheduler, store } = await schedulerFor(fake, { concurrency: 8, maxRetries: 8 })
    const jobs = await Promise.all(Array.from({ length: 16 }, (_, index) => googleJob(`otter-${index}`)))
    const records = await Promise.all(jobs.map((job) => scheduler.run(job)))
    expect(records).toHaveLength(16)
    const rejected = fake.requests.filter((request) => request.status === 429)
    expect(rejected.length).toBe(fake.stats.rejectedInFlight)
    expect(rejected.length).toBeGreaterThanOrEqual(6)
    expect(rejected.every((request) => request.error?.type === 'RESOURCE_EXHAUSTED')).toBe(true)
    expect(scheduler.report()).toMatchObject({ generated: 16, failed: [] })
    await expectWholeEntries(store)
  })

  it('paces each provider on its own: Google refusing does not lower OpenAI’s concurrency', async () => {
    const fake = await startFake({
      latencyMs: 80,
      faults: [{ match: { model: /^imagen/ }, times: 6, fault: { kind: 'rate-limit', retryAfterMs: 300 } }],
    })
    const { scheduler } = await schedulerFor(fake, { concurrency: 4 })
    const google = await Promise.all(['g1', 'g2', 'g3'].map((name) => googleJob(name)))
    const openai = await Promise.all(Array.from({ length: 8 }, (_, index) => tinyJob(`o${index}`)))
    await Promise.all([...google, ...openai].map((job) => scheduler.run(job)))
    const openaiRequests = fake.requests.filter((request) => request.api === 'openai')
    // OpenAI's eight went out four at a time, not held by Google's 300 ms waits.
    const peak = Math.max(
      ...openaiRequests.map(
        (request) =>
          openaiRequests.filter(
            (other) =>
              other.receivedAt <= request.receivedAt &&
              other.receivedAt + (other.durationMs ?? 0) > request.receivedAt,
          ).length,
      ),
    )
    expect(peak).toBe(4)
    expect(openaiRequests.every((request) => request.status === 200)).toBe(true)
  })
})

describe('fal pacing', () => {
  it('waits out fal’s retry-after (whole seconds) and brings 8 concurrent generations down to 2 at a time', async () => {
    // fal says how long to wait only in `retry-after`, in seconds: the fake's 40 ms becomes 1 s.
    const fake = await startFake({ maxInFlight: 2, inFlightRetryAfterMs: 40, latencyMs: 60 })
    const { scheduler, store } = await schedulerFor(fake, { concurrency: 8, maxRetries: 8 })
    const jobs = await Promise.all(Array.from({ length: 8 }, (_, index) => falJob(`otter-${index}`)))
    const records = await Promise.all(jobs.map((job) => scheduler.run(job)))
    expect(records).toHaveLength(8)
    const rejected = fake.requests.filter((request) => request.status === 429)
    expect(rejected.length).toBe(fake.stats.rejectedInFlight)
    expect(rejected.length).toBeGreaterThanOrEqual(6)
    expect(rejected.every((request) => request.api === 'fal')).toBe(true)
    // Each refused image was asked for again only once the second fal asked for had passed (the
    // scheduler's own backoff here is 5–20 ms).
    for (const refused of rejected) {
      const prompt = (refused.body as { prompt: string }).prompt
      const next = fake.requests.find(
        (request) => request.seq > refused.seq && (request.body as { prompt: string }).prompt === prompt,
      )
      expect(next, prompt).toBeDefined()
      expect((next?.receivedAt ?? 0) - refused.receivedAt, prompt).toBeGreaterThanOrEqual(950)
    }
    expect(scheduler.report()).toMatchObject({ generated: 8, failed: [] })
    await expectWholeEntries(store)
  })
})

describe.each(apis)('$api: one generation per key', ({ jobFor }) => {
  it('shares one request between two runs of one key, and between two schedulers on one store', async () => {
    const fake = await startFake({ latencyMs: 150 })
    const one = await schedulerFor(fake)
    const other = await schedulerFor(fake, { dir: one.dir })
    const otter = await jobFor('otter')
    const [first, second, third] = await Promise.all([
      one.scheduler.run(otter),
      one.scheduler.run(otter),
      other.scheduler.run(otter),
    ])
    expect(second).toEqual(first)
    expect(third).toEqual(first)
    expect(fake.requests).toHaveLength(1)
    expect(one.scheduler.report().generated + other.scheduler.report().generated).toBe(1)
  })
})
