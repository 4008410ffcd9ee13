import type { LimitFunction } from 'p-limit'
import type { RateLimitState } from '../providers/openai/rate-limit-headers.js'
import { sleep } from './backoff.js'

/**
 * Paces the scheduler by what the service says. A 429 halves concurrency and holds new requests until
 * the server's retry time; every success earns one slot back up to the configured ceiling; when the
 * remaining-requests header runs below the requests in flight, new requests wait for its reset.
 */
export class Pacer {
  private resumeAt = 0

  constructor(
    private readonly limit: LimitFunction,
    private readonly ceiling: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits until a new request may start. */
  async ready(signal?: AbortSignal): Promise<void> {
    for (let wait = this.resumeAt - this.now(); wait > 0; wait = this.resumeAt - this.now()) {
      await sleep(wait, signal)
    }
  }

  onRateLimited(retryAfterMs: number | undefined): void {
    this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2))
    if (retryAfterMs !== undefined) this.holdFor(retryAfterMs)
  }

  onSuccess(limits: RateLimitState): void {
    if (this.limit.concurrency < this.ceiling) this.limit.concurrency += 1
    const { remainingRequests, resetRequestsMs } = limits
    if (
      remainingRequests !== undefined &&
      resetRequestsMs !== undefined &&
      remainingRequests < this.limit.activeCount
    ) {
      this.holdFor(resetRequestsMs)
    }
  }

  private holdFor(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, this.now() + ms)
  }
}
