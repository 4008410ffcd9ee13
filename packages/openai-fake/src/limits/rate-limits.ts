/**
 * Requests and tokens per minute: the `x-ratelimit-*` headers every answer carries, and the 429 the
 * service sends when a bucket is empty.
 */

import { ApiError } from '../api-error.js'
import { formatDuration } from './duration.js'
import { TokenBucket } from './token-bucket.js'

export class RateLimits {
  private readonly requests: TokenBucket
  private readonly tokens: TokenBucket

  constructor(requestsPerMinute: number, tokensPerMinute: number, now: () => number) {
    this.requests = new TokenBucket(requestsPerMinute, now)
    this.tokens = new TokenBucket(tokensPerMinute, now)
  }

  takeRequest(model: string | undefined): void {
    if (this.requests.take(1)) return
    throw this.exceeded('requests', 'RPM', 1, model)
  }

  takeTokens(amount: number, model: string): void {
    if (amount <= 0 || this.tokens.take(amount)) return
    throw this.exceeded('tokens', 'TPM', amount, model)
  }

  headers(): Record<string, string> {
    return {
      'x-ratelimit-limit-requests': String(this.requests.capacity),
      'x-ratelimit-remaining-requests': String(this.requests.remaining()),
      'x-ratelimit-reset-requests': formatDuration(this.requests.msUntilFull()),
      'x-ratelimit-limit-tokens': String(this.tokens.capacity),
      'x-ratelimit-remaining-tokens': String(this.tokens.remaining()),
      'x-ratelimit-reset-tokens': formatDuration(this.tokens.msUntilFull()),
    }
  }

  reset(): void {
    this.requests.refillCompletely()
    this.tokens.refillCompletely()
  }

  private exceeded(kind: 'requests' | 'tokens', unit: string, requested: number, model: string | undefined) {
    const bucket = kind === 'requests' ? this.requests : this.tokens
    const waitMs = Math.ceil(bucket.msUntilAvailable(requested))
    const used = bucket.capacity - bucket.remaining()
    return new ApiError(
      429,
      {
        message: `Rate limit reached for ${model ?? 'images'} in organization org-fake on ${kind} per min (${unit}): Limit ${bucket.capacity}, Used ${used}, Requested ${requested}. Please try again in ${formatDuration(waitMs)}.`,
        type: kind,
        param: null,
        code: 'rate_limit_exceeded',
      },
      {
        headers: {
          'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
          'retry-after-ms': String(waitMs),
        },
      },
    )
  }
}
