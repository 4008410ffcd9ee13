/** The longest wait a service may ask for that is honoured; a longer one fails the generation at once. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000

export interface BackoffOptions {
  /** @default 500 */
  initialDelayMs?: number
  /** @default 8_000 */
  maxDelayMs?: number
  /** The longest server-requested wait honoured; past it, no retry. @default 300_000 (5 minutes) */
  maxRetryAfterMs?: number
  random?: () => number
}

/**
 * How long to wait before retry `attempt + 1` (0-based): what the server asked for when it asked for a
 * wait (the scheduler does not retry past `maxRetryAfterMs`), otherwise `min(initial · 2^attempt, max)`
 * less up to 25 % jitter, so many clients do not retry in step. A wait of 0 is taken as no advice.
 */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = {},
): number {
  const {
    initialDelayMs = 500,
    maxDelayMs = 8_000,
    maxRetryAfterMs = MAX_RETRY_AFTER_MS,
    random = Math.random,
  } = options
  if (retryAfterMs !== undefined && retryAfterMs > 0 && retryAfterMs <= maxRetryAfterMs) return retryAfterMs
  const exponential = Math.min(initialDelayMs * 2 ** attempt, maxDelayMs)
  return exponential * (1 - 0.25 * random())
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    function onAbort() {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
