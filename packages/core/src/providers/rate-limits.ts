/**
 * What an answer said about the caller's remaining allowance, in one shape for every API. Each
 * provider reads its own headers (or body) into it; the pacer reads only this.
 */
export interface RateLimitState {
  limitRequests?: number
  remainingRequests?: number
  /** Until the whole request allowance is back, in ms. */
  resetRequestsMs?: number
  remainingTokens?: number
  resetTokensMs?: number
}
