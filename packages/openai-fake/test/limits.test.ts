import { describe, expect, it } from 'vitest'
import { type ErrorBody, generate, startFake } from './helpers.js'

const GPT = { model: 'gpt-image-1', prompt: 'x', quality: 'low' }

describe('maxInFlight', () => {
  it('answers 429 beyond the cap, with retry-after-ms, and records the peak concurrency', async () => {
    const fake = await startFake({ maxInFlight: 2, latencyMs: 1000, inFlightRetryAfterMs: 250 })
    const responses = await Promise.all(Array.from({ length: 5 }, () => generate(fake, GPT)))
    const statuses = responses.map((response) => response.status).sort()
    expect(statuses).toEqual([200, 200, 429, 429, 429])
    const rejected = responses.find((response) => response.status === 429) as Response
    expect(rejected.headers.get('retry-after-ms')).toBe('250')
    expect(rejected.headers.get('retry-after')).toBe('1')
    expect(((await rejected.json()) as ErrorBody).error).toMatchObject({
      type: 'requests',
      code: 'rate_limit_exceeded',
    })
    expect(fake.stats).toMatchObject({ rejectedInFlight: 3, inFlight: 0 })
    // A rejected request is open only briefly, so the peak lies between the cap + 1 and all five.
    expect(fake.stats.peakInFlight).toBeGreaterThanOrEqual(3)
    expect(fake.stats.peakInFlight).toBeLessThanOrEqual(5)
  })

  it('counts the concurrency a client actually used', async () => {
    const fake = await startFake({ latencyMs: 500 })
    await Promise.all([generate(fake, GPT), generate(fake, GPT), generate(fake, GPT)])
    await generate(fake, GPT)
    expect(fake.stats.peakInFlight).toBe(3)
    fake.reset()
    expect(fake.stats.peakInFlight).toBe(0)
    await generate(fake, GPT)
    expect(fake.stats.peakInFlight).toBe(1)
  })

  it('admits again once requests finish', async () => {
    const fake = await startFake({ maxInFlight: 1 })
    for (let request = 0; request < 3; request++) expect((await generate(fake, GPT)).status).toBe(200)
  })
})

describe('rate limits', () => {
  it('reports requests per minute in the headers and enforces them', async () => {
    let now = 1_000_000
    const fake = await startFake({ requestsPerMinute: 3, now: () => now })
    const seen: (string | null)[][] = []
    for (let request = 0; request < 3; request++) {
      const response = await generate(fake, GPT)
      expect(response.status).toBe(200)
      seen.push(
        ['limit', 'remaining', 'reset'].map((name) => response.headers.get(`x-ratelimit-${name}-requests`)),
      )
    }
    expect(seen).toEqual([
      ['3', '2', '20s'],
      ['3', '1', '40s'],
      ['3', '0', '1m0s'],
    ])
    const limited = await generate(fake, GPT)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after-ms')).toBe('20000')
    expect(limited.headers.get('retry-after')).toBe('20')
    expect(((await limited.json()) as ErrorBody).error).toMatchObject({
      type: 'requests',
      code: 'rate_limit_exceeded',
    })
    now += 20_000
    expect((await generate(fake, GPT)).status).toBe(200)
  })

  it('reports and enforces tokens per minute', async () => {
    const fake = await startFake({ tokensPerMinute: 300, now: () => 5_000 })
    const first = await generate(fake, GPT)
    expect(first.status).toBe(200)
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('300')
    expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe(String(300 - 279))
    expect(first.headers.get('x-ratelimit-reset-tokens')).toBe('55.8s')
    const second = await generate(fake, GPT)
    expect(second.status).toBe(429)
    expect(((await second.json()) as ErrorBody).error).toMatchObject({
      type: 'tokens',
      code: 'rate_limit_exceeded',
    })
  })

  it('sends the rate-limit headers on errors too, once the key is accepted', async () => {
    const fake = await startFake()
    const invalid = await generate(fake, { prompt: 'x', bogus: 1 })
    expect(invalid.status).toBe(400)
    expect(invalid.headers.get('x-ratelimit-limit-requests')).toBe('100000')
    const unauthorised = await fetch(`${fake.url}/images/generations`, { method: 'POST', body: '{}' })
    expect(unauthorised.headers.get('x-ratelimit-limit-requests')).toBeNull()
  })
})
