export interface BackoffOptions {
  /** @default 500 */
  initialDelayMs?: number
  /** @default 8_000 */
  maxDelayMs?: number
  /** The longest server-requested wait honoured as is. @default 60_000 */
  maxRetryAfterMs?: number
  random?: () => number
}

/**
 * How long to wait before retry `attempt + 1` (0-based): what the server asked for when it asked for a
 * wait of up to `maxRetryAfterMs`, otherwise `min(initial · 2^attempt, max)` less up to 25 % jitter, so
 * many clients do not retry in step. Like OpenAI's own SDK, a wait of 0 or past the maximum is not
 * taken as is.
 */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = {},
): number {
  const { initialDelayMs = 500, maxDelayMs = 8_000, maxRetryAfterMs = 60_000, random = Math.random } = options
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
