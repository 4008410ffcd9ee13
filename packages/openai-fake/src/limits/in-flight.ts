/** Requests open at once: the cap (`maxInFlight`) and the peak, so tests can assert a client's concurrency. */

import { ApiError } from '../api-error.js'

export class InFlight {
  current = 0
  peak = 0
  rejected = 0

  constructor(
    private readonly max: number,
    private readonly retryAfterMs: number,
  ) {}

  /** Counts a request from its arrival; returns the function that uncounts it (safe to call twice). */
  enter(): () => void {
    this.current++
    this.peak = Math.max(this.peak, this.current)
    let left = false
    return () => {
      if (left) return
      left = true
      this.current--
    }
  }

  /** Throws the service's 429 when more than `max` requests (this one included) are open. */
  admit(): void {
    if (this.current <= this.max) return
    this.rejected++
    throw new ApiError(
      429,
      {
        message: `Too many concurrent requests: at most ${this.max} may be in flight. Please retry after ${this.retryAfterMs}ms.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
      {
        headers: {
          'retry-after': String(Math.max(1, Math.ceil(this.retryAfterMs / 1000))),
          'retry-after-ms': String(this.retryAfterMs),
        },
      },
    )
  }

  resetCounters(): void {
    this.peak = this.current
    this.rejected = 0
  }
}
