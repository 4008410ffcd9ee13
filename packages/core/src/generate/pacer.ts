import type { LimitFunction } from 'p-limit'
import type { RateLimitState } from '../providers/rate-limits.js'
import { sleep } from './backoff.js'

/** Rounds of successes below the level the service last refused before trying that level again. */
const PROBE_ROUNDS = 8

/**
 * Paces the scheduler by what the service says, the way TCP paces a connection. A 429 halves
 * concurrency, once per round: the other 429s of requests sent before that halving were sent under the
 * old limit and say nothing new. Each round of successes (as many as the current concurrency) earns one
 * slot back, up to the configured ceiling; climbing back to the level that was refused takes several
 * rounds, since every refusal costs a wait. A 429's wait holds every new request, and so does a
 * remaining-requests header that has run below the requests in flight, until enough requests refill.
 */
export class Pacer {
  private resumeAt = 0
  private halvedAt = Number.NEGATIVE_INFINITY
  private refusedAt = Number.POSITIVE_INFINITY
  private successes = 0

  constructor(
    private readonly limit: LimitFunction,
    private readonly ceiling: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long new requests are held from now, in ms. */
  get holdMs(): number {
    return Math.max(0, this.resumeAt - this.now())
  }

  /** Waits until a new request may start. */
  async ready(signal?: AbortSignal): Promise<void> {
    for (let wait = this.holdMs; wait > 0; wait = this.holdMs) await sleep(wait, signal)
  }

  /**
   * @param sentAt when the refused request was sent, by this pacer's clock
   * @param waitMs how long to hold new requests: the server's wait, as the scheduler honours it
   */
  onRateLimited(sentAt: number, waitMs: number | undefined): void {
    if (waitMs !== undefined) this.holdFor(waitMs)
    if (sentAt < this.halvedAt) return
    this.halvedAt = this.now()
    this.successes = 0
    this.refusedAt = this.limit.concurrency
    this.limit.concurrency = Math.ceil(this.limit.concurrency / 2)
  }

  onSuccess(limits: RateLimitState): void {
    const { concurrency } = this.limit
    const rounds = concurrency + 1 >= this.refusedAt ? PROBE_ROUNDS : 1
    if (++this.successes >= concurrency * rounds && concurrency < this.ceiling) {
      this.successes = 0
      this.limit.concurrency = concurrency + 1
    }
    const { limitRequests, remainingRequests, resetRequestsMs } = limits
    if (remainingRequests === undefined || resetRequestsMs === undefined) return
    const missing = this.limit.activeCount - remainingRequests
    if (missing <= 0) return
    // The reset header is the time until the whole limit is back; it refills evenly, so `missing`
    // requests come back in their share of it.
    const used = limitRequests === undefined ? 0 : limitRequests - remainingRequests
    this.holdFor(used > 0 ? Math.min(resetRequestsMs, (resetRequestsMs * missing) / used) : resetRequestsMs)
  }

  private holdFor(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, this.now() + ms)
  }
}
