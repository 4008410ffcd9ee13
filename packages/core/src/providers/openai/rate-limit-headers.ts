type HeaderValue = string | string[] | undefined
export type ResponseHeaders = Record<string, HeaderValue>

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

const WAIT = /^\d+(?:\.\d+)?$/
/** HTTP dates start with the day's name (`Fri, 02 Jan 2026 03:04:05 GMT`); `Date.parse('-3')` is a year. */
const HTTP_DATE = /^[A-Za-z]{3},? /

/** `retry-after-ms`, else `retry-after` as seconds or an HTTP date; undefined when neither is a wait. */
export function retryAfterMs(headers: ResponseHeaders, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms')?.trim()
  if (ms && WAIT.test(ms)) return Number(ms)
  const value = header(headers, 'retry-after')?.trim()
  if (!value) return undefined
  if (WAIT.test(value)) return Number(value) * 1000
  const date = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** `x-should-retry: true|false`: the service's own word on whether to retry; undefined when it says nothing. */
export function shouldRetryHeader(headers: ResponseHeaders): boolean | undefined {
  const value = header(headers, 'x-should-retry')?.trim().toLowerCase()
  return value === 'true' ? true : value === 'false' ? false : undefined
}

/** A duration as the rate-limit headers write it: `1s`, `6m0s`, `250ms`, `1h2m3.5s`. */
export function parseResetDuration(value: string | undefined): number | undefined {
  if (!value) return undefined
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)]
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value.trim()) return undefined
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (unitMs[unit as string] ?? 0), 0)
}

export interface RateLimitState {
  limitRequests?: number
  remainingRequests?: number
  resetRequestsMs?: number
  remainingTokens?: number
  resetTokensMs?: number
}

export function readRateLimits(headers: ResponseHeaders): RateLimitState {
  const number = (name: string) => {
    const value = header(headers, name)
    const parsed = value === undefined ? Number.NaN : Number(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  return {
    limitRequests: number('x-ratelimit-limit-requests'),
    remainingRequests: number('x-ratelimit-remaining-requests'),
    resetRequestsMs: parseResetDuration(header(headers, 'x-ratelimit-reset-requests')),
    remainingTokens: number('x-ratelimit-remaining-tokens'),
    resetTokensMs: parseResetDuration(header(headers, 'x-ratelimit-reset-tokens')),
  }
}

export function requestIdOf(headers: ResponseHeaders): string | undefined {
  return header(headers, 'x-request-id')
}
