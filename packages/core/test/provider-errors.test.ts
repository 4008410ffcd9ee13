import type { Fault } from '@imagegen/openai-fake'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/providers/errors.js'
import { providerFor, rejection, startFake, tinyJob } from './generate-helpers.js'

interface ErrorCase {
  name: string
  fault: Fault
  code: ProviderError['code']
  retryable: boolean
  /** Whether the service answered 2xx (or may be generating): the attempt may have been charged. */
  billed: boolean
  retryAfterMs?: number
  /** How the fake saw the request end. */
  outcome?: string
}

const cases: ErrorCase[] = [
  {
    name: '429 retry-after-ms',
    fault: { kind: 'rate-limit', retryAfterMs: 1500 },
    code: 'PROVIDER_RATE_LIMIT',
    retryable: true,
    billed: false,
    retryAfterMs: 1500,
  },
  {
    name: '429 retry-after seconds',
    fault: { kind: 'rate-limit', retryAfterSeconds: 7 },
    code: 'PROVIDER_RATE_LIMIT',
    retryable: true,
    billed: false,
    retryAfterMs: 7000,
  },
  {
    name: 'insufficient_quota',
    fault: { kind: 'insufficient-quota' },
    code: 'PROVIDER_QUOTA',
    retryable: false,
    billed: false,
  },
  {
    name: 'moderation',
    fault: { kind: 'moderation' },
    code: 'PROVIDER_MODERATION',
    retryable: false,
    billed: false,
  },
  {
    name: '500',
    fault: { kind: 'status', status: 500 },
    code: 'PROVIDER_SERVER',
    retryable: true,
    billed: false,
  },
  {
    name: '503 with retry-after',
    fault: { kind: 'status', status: 503, headers: { 'retry-after': '2' } },
    code: 'PROVIDER_SERVER',
    retryable: true,
    billed: false,
    retryAfterMs: 2000,
  },
  {
    name: '404',
    fault: { kind: 'status', status: 404 },
    code: 'PROVIDER_INVALID_REQUEST',
    retryable: false,
    billed: false,
  },
  {
    name: '401',
    fault: { kind: 'status', status: 401 },
    code: 'PROVIDER_AUTH',
    retryable: false,
    billed: false,
  },
  {
    name: 'reset',
    fault: { kind: 'reset', afterBytes: 10 },
    code: 'PROVIDER_NETWORK',
    retryable: true,
    billed: true,
    outcome: 'reset',
  },
  {
    name: 'truncated body',
    fault: { kind: 'truncated-body' },
    code: 'PROVIDER_RESPONSE',
    retryable: true,
    billed: true,
  },
  {
    name: 'HTML 200',
    fault: { kind: 'wrong-content-type' },
    code: 'PROVIDER_RESPONSE',
    retryable: true,
    billed: true,
  },
  {
    name: 'invalid base64',
    fault: { kind: 'invalid-base64' },
    code: 'PROVIDER_RESPONSE',
    retryable: true,
    billed: true,
  },
  {
    name: 'hang',
    fault: { kind: 'hang' },
    code: 'PROVIDER_TIMEOUT',
    retryable: true,
    billed: true,
    outcome: 'client-closed',
  },
  {
    name: 'endless body',
    fault: { kind: 'endless-body', intervalMs: 10, chunkBytes: 16 },
    code: 'PROVIDER_TIMEOUT',
    retryable: true,
    billed: true,
    outcome: 'client-closed',
  },
]

describe('provider errors: one attempt, typed, telling the scheduler whether to retry', () => {
  it.each(cases)('$name → $code (retryable: $retryable, billed: $billed)', async (testCase) => {
    const fake = await startFake({ faults: [{ fault: testCase.fault }] })
    const provider = providerFor(fake, { timeoutMs: 400 })
    const error = await rejection(provider.generate(await tinyJob('broken')))
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({
      code: testCase.code,
      retryable: testCase.retryable,
      billed: testCase.billed,
      entry: 'broken',
    })
    if (testCase.retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(testCase.retryAfterMs)
    expect(fake.requests).toHaveLength(1)
    if (testCase.outcome) {
      await expect.poll(() => fake.requests[0]?.outcome).toBe(testCase.outcome)
    }
  })

  it('says it timed out, not that it was cancelled, when its own time limit passes', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'hang' } }] })
    const provider = providerFor(fake, { timeoutMs: 200 })
    const started = performance.now()
    const error = await rejection(provider.generate(await tinyJob('slow')))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(error.message).toContain('did not answer within 200 ms')
  })

  it('is cancelled by its signal, and the request in flight is closed', async () => {
    const fake = await startFake({ latencyMs: 5_000 })
    const provider = providerFor(fake)
    const controller = new AbortController()
    const pending = provider.generate(await tinyJob('cancelled'), { signal: controller.signal })
    await expect.poll(() => fake.stats.inFlight).toBe(1)
    controller.abort()
    const error = await rejection(pending)
    expect(error).toMatchObject({ code: 'ABORTED', retryable: false })
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed')
  })

  it('maps a refused connection to a retryable network error', async () => {
    const fake = await startFake()
    const provider = providerFor(fake, { baseURL: 'http://127.0.0.1:9/v1' })
    const error = await rejection(provider.generate(await tinyJob('offline')))
    expect(error).toMatchObject({ code: 'PROVIDER_NETWORK', retryable: true })
    expect(error.message).toContain('ECONNREFUSED')
  })
})
