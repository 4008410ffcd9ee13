import { header, type ResponseHeaders } from '../http/headers.js'
import type { RateLimitState } from '../rate-limits.js'

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

/** OpenAI's `x-ratelimit-*` headers, read into the shape every provider reports. */
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
