import { describe, expect, it } from 'vitest'
import { retryAfterMs } from '../src/providers/http/headers.js'
import { authHeaders, endpointURL, resolveOpenAIOptions } from '../src/providers/openai/options.js'
import {
  parseResetDuration,
  readRateLimits,
  requestIdOf,
} from '../src/providers/openai/rate-limit-headers.js'
import { redact } from '../src/redact.js'

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-02T03:04:05Z')

  it('reads retry-after-ms first', () => {
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250)
    expect(retryAfterMs({ 'retry-after-ms': '12.5' }, now)).toBe(12.5)
  })

  it('reads retry-after as seconds', () => {
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000)
    expect(retryAfterMs({ 'retry-after': '0.5' }, now)).toBe(500)
    expect(retryAfterMs({ 'retry-after': '0' }, now)).toBe(0)
  })

  it('reads retry-after as an HTTP date, and a date passed as no wait', () => {
    expect(retryAfterMs({ 'retry-after': 'Fri, 02 Jan 2026 03:04:08 GMT' }, now)).toBe(3000)
    expect(retryAfterMs({ 'retry-after': 'Fri, 02 Jan 2026 03:04:00 GMT' }, now)).toBe(0)
  })

  it('falls back to retry-after when retry-after-ms is not a wait', () => {
    expect(retryAfterMs({ 'retry-after-ms': 'soon', 'retry-after': '1' }, now)).toBe(1000)
    expect(retryAfterMs({ 'retry-after-ms': '-5', 'retry-after': '1' }, now)).toBe(1000)
    expect(retryAfterMs({ 'retry-after-ms': '', 'retry-after': '1' }, now)).toBe(1000)
  })

  it('is undefined without a usable header', () => {
    expect(retryAfterMs({}, now)).toBeUndefined()
    expect(retryAfterMs({ 'retry-after': 'whenever' }, now)).toBeUndefined()
    expect(retryAfterMs({ 'retry-after': '-3' }, now)).toBeUndefined()
  })

  it('takes the first of repeated headers', () => {
    expect(retryAfterMs({ 'retry-after-ms': ['100', '900'] }, now)).toBe(100)
  })
})

describe('parseResetDuration', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['250ms', 250],
    ['0s', 0],
    ['7.66s', 7660],
    ['1m30.5s', 90_500],
    ['1h2m3s', 3_723_000],
    [' 2s ', 2000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseResetDuration(text)).toBeCloseTo(ms, 6)
  })

  it.each([undefined, '', 'soon', '5', '1x', '1s garbage', 's'])('%j is not a duration', (text) => {
    expect(parseResetDuration(text)).toBeUndefined()
  })
})

describe('readRateLimits', () => {
  it('reads the x-ratelimit headers the service sends', () => {
    expect(
      readRateLimits({
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-reset-requests': '120ms',
        'x-ratelimit-limit-tokens': '100000',
        'x-ratelimit-remaining-tokens': '98944',
        'x-ratelimit-reset-tokens': '6m0s',
      }),
    ).toEqual({
      limitRequests: 500,
      remainingRequests: 499,
      resetRequestsMs: 120,
      remainingTokens: 98944,
      resetTokensMs: 360_000,
    })
  })

  it('leaves out what is missing or not a number', () => {
    expect(readRateLimits({ 'x-ratelimit-remaining-requests': 'lots' })).toEqual({
      limitRequests: undefined,
      remainingRequests: undefined,
      resetRequestsMs: undefined,
      remainingTokens: undefined,
      resetTokensMs: undefined,
    })
  })

  it('reads the request id', () => {
    expect(requestIdOf({ 'x-request-id': 'req_123' })).toBe('req_123')
    expect(requestIdOf({})).toBeUndefined()
  })
})

describe('options and headers', () => {
  const key = 'fake-key-imagegen-SECRET-0123456789'

  it('puts the key in the Authorization header for OpenAI and in api-key for Azure, nowhere else', () => {
    const openai = resolveOpenAIOptions({}, { OPENAI_API_KEY: key, OPENAI_ORG_ID: 'org-1' })
    expect(authHeaders(openai, key)).toEqual({
      authorization: `Bearer ${key}`,
      'openai-organization': 'org-1',
    })
    const azure = resolveOpenAIOptions(
      {
        azure: {
          endpoint: 'https://r.openai.azure.com/',
          deployment: 'img',
          apiVersion: '2025-04-01-preview',
        },
      },
      { AZURE_OPENAI_API_KEY: key, OPENAI_API_KEY: 'sk-not-this-one' },
    )
    expect(authHeaders(azure, key)).toEqual({ 'api-key': key })
    expect(endpointURL(azure, 'edits')).toBe(
      'https://r.openai.azure.com/openai/deployments/img/images/edits?api-version=2025-04-01-preview',
    )
  })

  it('defaults to api.openai.com, and takes an empty OPENAI_BASE_URL as unset', () => {
    expect(resolveOpenAIOptions({}, {}).baseURL).toBe('https://api.openai.com/v1')
    expect(resolveOpenAIOptions({}, { OPENAI_BASE_URL: '' }).baseURL).toBe('https://api.openai.com/v1')
    expect(resolveOpenAIOptions({}, { OPENAI_BASE_URL: 'http://localhost:8080/v1/' }).baseURL).toBe(
      'http://localhost:8080/v1',
    )
  })

  it('cuts secrets out of what a server echoes', () => {
    expect(redact(`bad key ${key}!`, [key])).toBe('bad key [redacted]!')
    expect(redact('nothing to hide', [undefined, key])).toBe('nothing to hide')
  })
})
