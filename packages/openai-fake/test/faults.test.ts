import { describe, expect, it } from 'vitest'
import type { Fault } from '../src/index.js'
import { decode, describeImage, type ErrorBody, generate, imagesOf, startFake } from './helpers.js'

const GPT = { model: 'gpt-image-1', prompt: 'An otter', quality: 'low' }
const fakeWith = (fault: Fault) => startFake({ faults: [{ fault }] })
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error

describe('error faults', () => {
  it.each([500, 502, 503])('answers %i with a server_error body', async (status) => {
    const fake = await fakeWith({ kind: 'status', status })
    const response = await generate(fake, GPT)
    expect(response.status).toBe(status)
    expect(await errorOf(response)).toMatchObject({ type: 'server_error', param: null, code: null })
    expect(response.headers.get('x-request-id')).toMatch(/^req_/)
    expect(fake.requests[0]).toMatchObject({ status, fault: 'status' })
  })

  it('answers a raw body (a proxy page) when given one', async () => {
    const fake = await fakeWith({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' })
    const response = await generate(fake, GPT)
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(await response.text()).toBe('<html>Bad Gateway</html>')
  })

  it('answers 429 rate_limit_exceeded with retry-after in seconds, milliseconds or as a date', async () => {
    const fake = await startFake()
    fake.script([{ fault: { kind: 'rate-limit', retryAfterSeconds: 2, retryAfterMs: 1500 } }])
    const both = await generate(fake, GPT)
    expect(both.status).toBe(429)
    expect(both.headers.get('retry-after')).toBe('2')
    expect(both.headers.get('retry-after-ms')).toBe('1500')
    expect(both.headers.get('x-ratelimit-remaining-requests')).toBe('0')
    expect(await errorOf(both)).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' })

    fake.script([{ fault: { kind: 'rate-limit', retryAfterSeconds: 30, retryAfterDate: true } }])
    const dated = await generate(fake, GPT)
    const until = Date.parse(dated.headers.get('retry-after') ?? '')
    expect(until - Date.now()).toBeGreaterThan(25_000)
    expect(dated.headers.get('retry-after-ms')).toBeNull()
  })

  it('answers 429 insufficient_quota', async () => {
    const fake = await fakeWith({ kind: 'insufficient-quota' })
    const response = await generate(fake, GPT)
    expect(response.status).toBe(429)
    expect(await errorOf(response)).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' })
  })

  it('blocks by moderation: moderation_blocked for GPT image models, content_policy_violation for DALL·E', async () => {
    const fake = await startFake({
      faults: [{ match: { prompt: /forbidden/ }, fault: { kind: 'moderation' } }],
    })
    const gpt = await generate(fake, { ...GPT, prompt: 'something forbidden' })
    expect(gpt.status).toBe(400)
    const gptError = await errorOf(gpt)
    expect(gptError.code).toBe('moderation_blocked')
    expect(gptError.message).toContain(gpt.headers.get('x-request-id'))
    const dalle = await generate(fake, { model: 'dall-e-3', prompt: 'forbidden too' })
    expect(dalle.status).toBe(400)
    expect(await errorOf(dalle)).toMatchObject({
      type: 'invalid_request_error',
      code: 'content_policy_violation',
    })
    expect((await generate(fake, GPT)).status).toBe(200)
  })
})

describe('transport faults', () => {
  it('hangs: headers never come until the client gives up', async () => {
    const fake = await fakeWith({ kind: 'hang' })
    const started = Date.now()
    await expect(generate(fake, GPT, { signal: AbortSignal.timeout(300) })).rejects.toThrow()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed')
    expect(fake.requests[0]?.fault).toBe('hang')
    expect(fake.requests[0]?.status).toBeUndefined()
    expect(fake.stats.inFlight).toBe(0)
  })

  it('resets the connection after the headers and part of the body', async () => {
    const fake = await fakeWith({ kind: 'reset', afterBytes: 100 })
    const response = await generate(fake, GPT)
    expect(response.status).toBe(200)
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(100)
    await expect(response.arrayBuffer()).rejects.toThrow()
    await expect.poll(() => fake.requests[0]?.outcome).toBe('reset')
  })

  it('truncates the body: a complete message whose JSON is cut', async () => {
    const fake = await fakeWith({ kind: 'truncated-body', keepBytes: 50 })
    const response = await generate(fake, GPT)
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).toHaveLength(50)
    expect(text.startsWith('{"created":')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
  })

  it('answers a 200 under the wrong content type', async () => {
    const fake = await fakeWith({ kind: 'wrong-content-type' })
    const response = await generate(fake, GPT)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toContain('<html>')
  })

  it('streams a body that never ends', async () => {
    const fake = await fakeWith({ kind: 'endless-body', intervalMs: 10, chunkBytes: 100 })
    const controller = new AbortController()
    const response = await generate(fake, GPT, { signal: controller.signal })
    expect(response.status).toBe(200)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    let received = 0
    const deadline = Date.now() + 400
    while (Date.now() < deadline) {
      const { done, value } = await reader.read()
      expect(done).toBe(false)
      received += value?.length ?? 0
    }
    expect(received).toBeGreaterThan(1000)
    controller.abort()
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed')
  })

  it('sends an oversized image: b64_json decoding to the given number of bytes', async () => {
    const fake = await fakeWith({ kind: 'oversized-image', bytes: 5 * 1024 * 1024 })
    const body = await imagesOf(await generate(fake, GPT))
    const bytes = decode(body.data[0] ?? {})
    expect(bytes.length).toBeGreaterThanOrEqual(5 * 1024 * 1024)
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024 + 3)
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  })
})

describe('payload faults', () => {
  it('answers PNG bytes while echoing the webp that was asked for', async () => {
    const fake = await fakeWith({ kind: 'wrong-format' })
    const body = await imagesOf(await generate(fake, { ...GPT, output_format: 'webp' }))
    expect(body.output_format).toBe('webp')
    expect((await describeImage(decode(body.data[0] ?? {}))).format).toBe('png')
  })

  it('answers invalid base64', async () => {
    const fake = await fakeWith({ kind: 'invalid-base64' })
    const body = await imagesOf(await generate(fake, GPT))
    const b64 = body.data[0]?.b64_json ?? ''
    expect(b64).not.toMatch(/^[A-Za-z0-9+/]*={0,2}$/)
    await expect(describeImage(Buffer.from(b64, 'base64'))).rejects.toThrow()
  })

  it('answers a url on another host, even for a GPT image model', async () => {
    const fake = await fakeWith({ kind: 'url', url: 'http://attacker.invalid/otter.png' })
    const body = await imagesOf(await generate(fake, GPT))
    expect(body.data).toEqual([{ url: 'http://attacker.invalid/otter.png' }])
  })

  it('answers a url the fake serves when none is given', async () => {
    const fake = await fakeWith({ kind: 'url' })
    const body = await imagesOf(await generate(fake, GPT))
    const download = await fetch(body.data[0]?.url ?? '')
    expect(download.status).toBe(200)
  })
})

describe('latency', () => {
  it('delays every answer by latencyMs', async () => {
    const fake = await startFake({ latencyMs: 250 })
    await generate(fake, GPT)
    const started = Date.now()
    expect((await generate(fake, GPT)).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(245)
  })

  it('delays matching requests by a rule, within a range', async () => {
    const fake = await startFake({
      latencyMs: 10,
      faults: [{ match: { prompt: 'slow' }, delayMs: [200, 300] }],
    })
    await generate(fake, GPT)
    const started = Date.now()
    expect((await generate(fake, { ...GPT, prompt: 'slow otter' })).status).toBe(200)
    const [plain, slow] = fake.requests.map((request) => request.delayMs ?? -1)
    expect(plain).toBe(10)
    expect(slow).toBeGreaterThanOrEqual(210)
    expect(slow).toBeLessThanOrEqual(310)
    expect(Date.now() - started).toBeGreaterThanOrEqual((slow ?? 0) - 5)
  })
})

describe('matching rules', () => {
  const unavailable: Fault = { kind: 'status', status: 503 }
  const statuses = async (fake: Awaited<ReturnType<typeof startFake>>, bodies: Record<string, unknown>[]) => {
    const result: number[] = []
    for (const body of bodies) result.push((await generate(fake, body)).status)
    return result
  }

  it('matches the nth request', async () => {
    const fake = await startFake({ faults: [{ match: { nth: [1, 3] }, fault: unavailable }] })
    expect(await statuses(fake, [GPT, GPT, GPT, GPT])).toEqual([503, 200, 503, 200])
  })

  it('stops after `times`', async () => {
    const fake = await startFake({ faults: [{ times: 2, fault: unavailable }] })
    expect(await statuses(fake, [GPT, GPT, GPT])).toEqual([503, 503, 200])
  })

  it('matches by endpoint, model, prompt and predicate; first matching rule wins', async () => {
    const fake = await startFake({
      faults: [
        { match: { model: 'dall-e-3' }, fault: { kind: 'status', status: 500 } },
        { match: { prompt: 'beaver' }, fault: { kind: 'status', status: 502 } },
        {
          match: { when: (request) => (request.body as { user?: string }).user === 'eve' },
          fault: unavailable,
        },
        { match: { endpoint: 'edits' }, fault: { kind: 'insufficient-quota' } },
      ],
    })
    expect(
      await statuses(fake, [
        { model: 'dall-e-3', prompt: 'beaver' },
        { ...GPT, prompt: 'a beaver' },
        { ...GPT, user: 'eve' },
        GPT,
      ]),
    ).toEqual([500, 502, 503, 200])
  })

  it('applies faults only to valid requests', async () => {
    const fake = await startFake({ faults: [{ fault: unavailable }] })
    expect(await statuses(fake, [{ ...GPT, quality: 'hd' }, GPT])).toEqual([400, 503])
  })

  it('script() replaces the rules; reset() restores the starting ones and the counters', async () => {
    const fake = await startFake({ faults: [{ match: { nth: 1 }, fault: unavailable }] })
    expect(await statuses(fake, [GPT, GPT])).toEqual([503, 200])
    fake.script([{ times: 1, fault: { kind: 'status', status: 500 } }])
    expect(await statuses(fake, [GPT, GPT])).toEqual([500, 200])
    fake.reset()
    expect(fake.requests).toHaveLength(0)
    expect(await statuses(fake, [GPT, GPT])).toEqual([503, 200])
    expect(fake.requests.map((request) => request.seq)).toEqual([1, 2])
  })
})

describe('prompt markers', () => {
  it('fails the first N requests of a prompt that says so', async () => {
    const fake = await startFake()
    const prompt = 'An otter [fake:status=503 times=2]'
    const codes = []
    for (let attempt = 0; attempt < 3; attempt++)
      codes.push((await generate(fake, { ...GPT, prompt })).status)
    expect(codes).toEqual([503, 503, 200])
  })

  it('understands every fault kind and delays', async () => {
    const fake = await startFake()
    expect((await generate(fake, { ...GPT, prompt: 'x [fake:moderation]' })).status).toBe(400)
    expect((await generate(fake, { ...GPT, prompt: 'x [fake:quota]' })).status).toBe(429)
    const limited = await generate(fake, { ...GPT, prompt: 'x [fake:rate-limit retry-after=3]' })
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3'])
    const url = await imagesOf(
      await generate(fake, { ...GPT, prompt: 'x [fake:url=https://elsewhere.invalid/a.png]' }),
    )
    expect(url.data[0]?.url).toBe('https://elsewhere.invalid/a.png')
    const truncated = await generate(fake, { ...GPT, prompt: 'x [fake:truncated keep=10]' })
    expect(await truncated.text()).toHaveLength(10)
    const started = Date.now()
    expect((await generate(fake, { ...GPT, prompt: 'x [fake:delay=200]' })).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(195)
  })

  it('answers 400 for an unknown marker, and ignores markers when promptMarkers is false', async () => {
    const fake = await startFake()
    const unknown = await generate(fake, { ...GPT, prompt: 'x [fake:explode]' })
    expect(unknown.status).toBe(400)
    expect((await errorOf(unknown)).code).toBe('invalid_fake_marker')
    const plain = await startFake({ promptMarkers: false })
    expect((await generate(plain, { ...GPT, prompt: 'x [fake:status=503]' })).status).toBe(200)
  })
})
