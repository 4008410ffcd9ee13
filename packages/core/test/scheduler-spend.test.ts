import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/engine/options.js'
import { backoffDelay } from '../src/generate/backoff.js'
import { estimateCost } from '../src/generate/cost.js'
import { cheapJob, rejection, schedulerFor, startFake } from './generate-helpers.js'

describe('every attempt the service may bill is paid for from the budget', () => {
  it('an answer that cannot be used is retried once, and the failure says how many attempts it made', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'invalid-base64' } }] })
    const { scheduler } = await schedulerFor(fake, { maxRetries: 4 })
    const otter = await cheapJob('garbled')
    const error = await rejection(scheduler.run(otter))
    expect(fake.requests.map((request) => request.status)).toEqual([200, 200])
    expect(error).toMatchObject({ code: 'PROVIDER_RESPONSE', entry: 'garbled', billed: true })
    expect(error.message).toContain(
      'gave up after 2 attempts: an attempt that may have been billed is retried once only',
    )
    // Both answers were billed: both count in the run's cost.
    expect(scheduler.report().estimatedCost).toBeCloseTo(2 * (estimateCost(otter.recipe) ?? 0), 9)
    expect(scheduler.report().failed.map((failure) => failure.error)).toEqual([error])
  })

  it('a retry after a billed answer needs budget of its own: at a cap of 1.5 attempts, one is sent', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'invalid-base64' } }] })
    const otter = await cheapJob('capped')
    const price = estimateCost(otter.recipe) ?? 0
    const { scheduler } = await schedulerFor(fake, { maxCost: price * 1.5 })
    const error = await rejection(scheduler.run(otter))
    expect(fake.requests).toHaveLength(1)
    expect(error.message).toMatch(/1 attempt, not retried: it would bring the run's estimated cost to \$/)
    expect(scheduler.report().estimatedCost).toBeCloseTo(price, 9)
  })

  it('a time-out after the request was sent is billed and retried once', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'hang' } }] })
    const { scheduler } = await schedulerFor(fake, { openai: { timeoutMs: 300 } })
    const error = await rejection(scheduler.run(await cheapJob('slow')))
    expect(fake.requests).toHaveLength(2)
    expect(error).toMatchObject({ code: 'PROVIDER_TIMEOUT', billed: true })
    expect(error.message).toContain('the API did not answer within 300 ms; gave up after 2 attempts')
  })

  it('errors without an answer are not billed: retried up to maxRetries, named with the count', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'status', status: 503 } }] })
    const { scheduler } = await schedulerFor(fake, { maxRetries: 2 })
    const error = await rejection(scheduler.run(await cheapJob('overloaded')))
    expect(fake.requests).toHaveLength(3)
    expect(error).toMatchObject({ code: 'PROVIDER_SERVER', billed: false })
    expect(error.message).toMatch(/the API failed \(HTTP 503\): .*; gave up after 3 attempts$/)
    expect(scheduler.report().estimatedCost).toBe(0)
  })

  it('a request refused at once says it made one attempt', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'moderation' } }] })
    const { scheduler } = await schedulerFor(fake)
    const error = await rejection(scheduler.run(await cheapJob('refused')))
    expect(error.message).toContain('; 1 attempt, not retried')
  })

  it('retries twice by default, as OpenAI’s SDK does', () => {
    expect(resolveOptions({ env: {} }).maxRetries).toBe(2)
  })
})

describe('the service’s word on waiting and retrying', () => {
  it('honours a Retry-After of up to 5 minutes as it is', () => {
    expect(backoffDelay(0, 240_000)).toBe(240_000)
    expect(backoffDelay(0, 300_000)).toBe(300_000)
  })

  it('fails at once, naming the wait, when Retry-After is longer than the cap', async () => {
    const fake = await startFake({
      faults: [{ fault: { kind: 'rate-limit', retryAfterSeconds: 600 } }],
    })
    const { scheduler } = await schedulerFor(fake)
    const error = await rejection(scheduler.run(await cheapJob('throttled')))
    expect(fake.requests).toHaveLength(1)
    expect(error).toMatchObject({ code: 'PROVIDER_RATE_LIMIT' })
    expect(error.message).toContain(
      '1 attempt; the API asked to wait 10 min, longer than the 5 min imagegen waits: run again later',
    )
  })

  it('x-should-retry: false stops a retry the status would allow', async () => {
    const fake = await startFake({
      faults: [{ fault: { kind: 'status', status: 503, headers: { 'x-should-retry': 'false' } } }],
    })
    const { scheduler } = await schedulerFor(fake)
    const error = await rejection(scheduler.run(await cheapJob('told-not-to')))
    expect(fake.requests).toHaveLength(1)
    expect(error.message).toContain('1 attempt, not retried')
  })

  it('x-should-retry: true retries what the status would not', async () => {
    const fake = await startFake({
      faults: [
        { match: { nth: 1 }, fault: { kind: 'status', status: 400, headers: { 'x-should-retry': 'true' } } },
      ],
    })
    const { scheduler } = await schedulerFor(fake)
    const record = await scheduler.run(await cheapJob('told-to'))
    expect(fake.requests.map((request) => request.status)).toEqual([400, 200])
    expect(record.outputs).toHaveLength(1)
  })
})
