import type { Fault } from '@imagegen/openai-fake'
import { describe, expect, it } from 'vitest'
import { ImagegenError } from '../src/errors.js'
import type { GenerationRequest } from '../src/providers/types.js'
import {
  cheapJob,
  expectWholeEntries,
  job,
  rejection,
  schedulerFor,
  startFake,
  tinyJob,
} from './generate-helpers.js'

interface RetriedCase {
  name: string
  fault: Fault
  /** What the fake answered the first time. */
  firstStatus: number | undefined
  /** Provider options the fault needs (a short time limit). */
  timeoutMs?: number
}

const retried: RetriedCase[] = [
  { name: '429 with retry-after-ms', fault: { kind: 'rate-limit', retryAfterMs: 20 }, firstStatus: 429 },
  { name: '429 with retry-after: 0', fault: { kind: 'rate-limit', retryAfterSeconds: 0 }, firstStatus: 429 },
  { name: '429 without a wait', fault: { kind: 'rate-limit' }, firstStatus: 429 },
  { name: '500', fault: { kind: 'status', status: 500 }, firstStatus: 500 },
  {
    name: '502 from a proxy, as HTML',
    fault: { kind: 'status', status: 502, body: '<h1>Bad gateway</h1>' },
    firstStatus: 502,
  },
  { name: '503', fault: { kind: 'status', status: 503 }, firstStatus: 503 },
  { name: '504', fault: { kind: 'status', status: 504 }, firstStatus: 504 },
  { name: '408', fault: { kind: 'status', status: 408 }, firstStatus: 408 },
  { name: '409', fault: { kind: 'status', status: 409 }, firstStatus: 409 },
  { name: 'a connection reset mid-body', fault: { kind: 'reset', afterBytes: 200 }, firstStatus: 200 },
  { name: 'a truncated body', fault: { kind: 'truncated-body' }, firstStatus: 200 },
  { name: 'an HTML page labelled 200', fault: { kind: 'wrong-content-type' }, firstStatus: 200 },
  { name: 'invalid base64', fault: { kind: 'invalid-base64' }, firstStatus: 200 },
  { name: 'headers that never come', fault: { kind: 'hang' }, firstStatus: undefined, timeoutMs: 600 },
  {
    name: 'a body that never ends',
    fault: { kind: 'endless-body', intervalMs: 20, chunkBytes: 64 },
    firstStatus: 200,
    timeoutMs: 600,
  },
]

describe('the scheduler retries what may succeed if sent again', () => {
  it.each(retried)('$name: retried once, then stored', async ({ fault, firstStatus, timeoutMs }) => {
    const fake = await startFake({ faults: [{ match: { nth: 1 }, fault }] })
    const { scheduler, store } = await schedulerFor(fake, { openai: timeoutMs ? { timeoutMs } : {} })
    const otter = await tinyJob('otter')

    const record = await scheduler.run(otter)

    expect(fake.requests.map((request) => request.status)).toEqual([firstStatus, 200])
    expect(fake.requests[0]?.fault).toBe(fault.kind)
    expect(record.outputs).toHaveLength(1)
    expect(record.request_id).toBe(fake.requests[1]?.id)
    expect(await store.readRecipe(otter.key)).toEqual(record)
    expect(scheduler.report()).toMatchObject({ generated: 1, retries: 1, failed: [] })
    await expectWholeEntries(store)
  })

  it('honours retry-after-ms rather than its own shorter backoff', async () => {
    const fake = await startFake({
      faults: [{ match: { nth: 1 }, fault: { kind: 'rate-limit', retryAfterMs: 300 } }],
    })
    const { scheduler } = await schedulerFor(fake)
    await scheduler.run(await tinyJob('patient'))
    const [first, second] = fake.requests
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(250)
  })

  it('honours retry-after in seconds', async () => {
    const fake = await startFake({
      faults: [{ match: { nth: 1 }, fault: { kind: 'rate-limit', retryAfterSeconds: 1 } }],
    })
    const { scheduler } = await schedulerFor(fake)
    await scheduler.run(await tinyJob('patient'))
    const [first, second] = fake.requests
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950)
  })

  it('gives up after maxRetries with the last error', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'status', status: 503 } }] })
    const { scheduler, store } = await schedulerFor(fake, { maxRetries: 2 })
    const otter = await tinyJob('overloaded')
    const error = await rejection(scheduler.run(otter))
    expect(error).toMatchObject({ code: 'PROVIDER_SERVER', entry: 'overloaded', status: 503 })
    expect(fake.requests.map((request) => request.status)).toEqual([503, 503, 503])
    expect(scheduler.report()).toMatchObject({ generated: 0, retries: 2 })
    expect(scheduler.report().failed).toEqual([{ entry: 'overloaded', key: otter.key, error }])
    expect(await store.listRecipes()).toEqual([])
  })

  it('stores PNG bytes answered for webp as png: the bytes decide, not the echo', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'wrong-format', format: 'png' } }] })
    const { scheduler, store } = await schedulerFor(fake)
    const hero = await cheapJob('hero', { output_format: 'webp' })
    const record = await scheduler.run(hero)
    expect(fake.requests.map((request) => request.status)).toEqual([200])
    expect(record.outputs[0]).toMatchObject({ format: 'png', width: 1024, height: 1024 })
    expect((await store.readBlob(record.outputs[0]!)).subarray(1, 4).toString()).toBe('PNG')
    expect(store.blobPath(record.outputs[0]!)).toMatch(/\.png$/)
  })
})

interface FailFastCase {
  name: string
  code: ImagegenError['code']
  fault?: Fault
  fakeKey?: string
  job: () => Promise<GenerationRequest>
}

const failFast: FailFastCase[] = [
  {
    name: 'moderation_blocked',
    code: 'PROVIDER_MODERATION',
    fault: { kind: 'moderation' },
    job: () => tinyJob('refused', { model: 'gpt-image-1', size: '1024x1024', quality: 'low' }),
  },
  {
    name: 'content_policy_violation on dall-e-3',
    code: 'PROVIDER_MODERATION',
    fault: { kind: 'moderation' },
    job: () => job('refused', { model: 'dall-e-3', prompt: 'Something refused' }),
  },
  {
    name: 'insufficient_quota',
    code: 'PROVIDER_QUOTA',
    fault: { kind: 'insufficient-quota' },
    job: () => tinyJob('refused'),
  },
  {
    name: 'a 400 from the fake’s own validation',
    code: 'PROVIDER_INVALID_REQUEST',
    job: () => tinyJob('refused', { quality: 'ultra' }),
  },
  {
    name: 'a scripted 400',
    code: 'PROVIDER_INVALID_REQUEST',
    fault: { kind: 'status', status: 400, code: 'invalid_value', param: 'size', message: 'Bad size.' },
    job: () => tinyJob('refused'),
  },
  {
    name: 'a wrong key (401)',
    code: 'PROVIDER_AUTH',
    fakeKey: 'fake-key-another-entirely',
    job: () => tinyJob('refused'),
  },
  {
    name: 'a 403',
    code: 'PROVIDER_AUTH',
    fault: { kind: 'status', status: 403, message: 'Forbidden.' },
    job: () => tinyJob('refused'),
  },
]

describe('the scheduler fails fast on what no retry would fix', () => {
  it.each(failFast)('$name → $code, after one request', async (testCase) => {
    const fake = await startFake({
      ...(testCase.fault ? { faults: [{ fault: testCase.fault }] } : {}),
      ...(testCase.fakeKey ? { apiKey: testCase.fakeKey } : {}),
    })
    const { scheduler, store } = await schedulerFor(fake)
    const refused = await testCase.job()
    const error = await rejection(scheduler.run(refused))

    expect(error).toBeInstanceOf(ImagegenError)
    expect(error).toMatchObject({ code: testCase.code, entry: 'refused', retryable: false })
    expect(error.message).toMatch(/^refused {2}/)
    expect(error.message).toContain(`(request ${fake.requests[0]?.id})`)
    expect(fake.requests).toHaveLength(1)
    expect(scheduler.report()).toMatchObject({ generated: 0, retries: 0 })
    expect(scheduler.report().failed.map((failure) => failure.error)).toEqual([error])
    expect(await store.listRecipes()).toEqual([])
  })
})

describe('result URLs', () => {
  it('downloads a url on the API’s own origin', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'url' } }] })
    const { scheduler, store } = await schedulerFor(fake)
    const record = await scheduler.run(await cheapJob('linked'))
    expect(fake.requests.map((request) => request.status)).toEqual([200])
    expect(fake.downloads).toEqual([expect.objectContaining({ status: 200 })])
    expect(fake.downloads[0]?.path).toMatch(/^\/files\/img-/)
    expect(record.outputs[0]).toMatchObject({ format: 'jpeg', width: 1024, height: 1024 })
    await expectWholeEntries(store)
  })

  it.each([
    ['another host', 'https://images.elsewhere.example/a.png', {}],
    ['another port of the API host', 'http://127.0.0.1:9/a.png', {}],
    [
      'plain http from a trusted host',
      'http://images.example/a.png',
      { trustedImageHosts: ['images.example'] },
    ],
  ])('refuses a url on %s, without fetching or retrying it', async (_, url, openai) => {
    const fake = await startFake({ faults: [{ fault: { kind: 'url', url } }] })
    const { scheduler, store } = await schedulerFor(fake, { openai })
    const error = await rejection(scheduler.run(await cheapJob('linked')))
    expect(error).toMatchObject({ code: 'PROVIDER_RESPONSE', entry: 'linked', retryable: false })
    expect(error.message).toContain('refused to download')
    expect(fake.requests).toHaveLength(1)
    expect(fake.downloads).toEqual([])
    expect(await store.listRecipes()).toEqual([])
  })

  it('retries a url that has expired by the time it is fetched', async () => {
    const fake = await startFake({ urlTtlMs: 0, faults: [{ match: { nth: 1 }, fault: { kind: 'url' } }] })
    const { scheduler } = await schedulerFor(fake)
    await scheduler.run(await cheapJob('expired'))
    expect(fake.downloads.map((download) => download.status)).toEqual([403])
    expect(fake.requests.map((request) => request.status)).toEqual([200, 200])
  })
})

describe('answer size', () => {
  it('refuses base64 larger than maxResponseBytes, and does not retry it', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'oversized-image', bytes: 3_000_000 } }] })
    const { scheduler, store } = await schedulerFor(fake, { openai: { maxResponseBytes: 1_000_000 } })
    const error = await rejection(scheduler.run(await cheapJob('huge')))
    expect(error).toMatchObject({ code: 'PROVIDER_RESPONSE', entry: 'huge', retryable: false })
    expect(error.message).toContain('larger than 1000000 bytes')
    expect(fake.requests).toHaveLength(1)
    expect(await store.listRecipes()).toEqual([])
  })

  it('refuses a downloaded image larger than maxResponseBytes', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'url' } }] })
    const { scheduler } = await schedulerFor(fake, { openai: { maxResponseBytes: 20_000 } })
    const error = await rejection(scheduler.run(await cheapJob('huge', { output_format: 'png' })))
    expect(error).toMatchObject({ code: 'PROVIDER_RESPONSE', retryable: false })
    expect(fake.downloads).toHaveLength(1)
  })
})
