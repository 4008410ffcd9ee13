import { formatDuration } from '../duration.js'
import { isImagegenError } from '../errors.js'
import { isProviderError, type ProviderError } from '../providers/errors.js'
import type { GenerationResult } from '../providers/types.js'
import { type BackoffOptions, backoffDelay, MAX_RETRY_AFTER_MS, sleep } from './backoff.js'

export interface RetryPolicy {
  /** Retries after the first attempt, at most. */
  maxRetries: number
  backoff?: BackoffOptions
}

/** What the retry loop asks of the scheduler around each attempt. */
export interface AttemptSteps {
  /** Sends one attempt; undefined when it was not sent after all (its slot was given back). */
  send(onSent: () => void): Promise<GenerationResult | undefined>
  /** Pays for one more attempt after a billed one; throws (BUDGET) when the budget cannot. */
  payForRetry(): void
  /** A retry is about to wait `delayMs`. */
  retrying(error: ProviderError, sentAt: number, delayMs: number): void
  signal: AbortSignal
  aborted(reason: unknown): Error
}

/**
 * One generation, retried while that may help and is worth it. An attempt the service may have billed
 * (an answer that could not be used, a timeout while it worked) is retried once at most and paid for
 * again; a wait the service asks for is honoured up to 5 minutes, and a longer one fails at once,
 * naming it. Whatever fails says how many attempts were made.
 */
export async function generateWithRetries(
  policy: RetryPolicy,
  steps: AttemptSteps,
): Promise<GenerationResult> {
  let attempts = 0
  let billedFailures = 0
  for (;;) {
    let sentAt = Date.now()
    try {
      const result = await steps.send(() => {
        attempts++
        sentAt = Date.now()
      })
      if (result) return result
    } catch (error) {
      if (steps.signal.aborted) throw steps.aborted(error)
      if (!isProviderError(error)) throw error
      if (error.billed) billedFailures++
      const stop = reasonToStop(error, attempts, billedFailures, policy)
      if (stop) throw error.withAttempts(stop)
      if (error.billed) {
        try {
          steps.payForRetry()
        } catch (refusal) {
          const why = isImagegenError(refusal) ? refusal.problem : String(refusal)
          throw error.withAttempts(`${count(attempts)}, not retried: ${why.replace(/^not generated: /, '')}`)
        }
      }
      const delay = backoffDelay(attempts - 1, error.retryAfterMs, policy.backoff)
      steps.retrying(error, sentAt, delay)
      await sleep(delay, steps.signal).catch((reason) => {
        throw steps.aborted(reason)
      })
    }
  }
}

/** Why not to send again, in the words the failure ends with; undefined to retry. */
function reasonToStop(
  error: ProviderError,
  attempts: number,
  billedFailures: number,
  policy: RetryPolicy,
): string | undefined {
  const made = count(attempts)
  if (!error.retryable) return attempts === 1 ? '1 attempt, not retried' : `gave up after ${made}`
  const wait = error.retryAfterMs
  const cap = policy.backoff?.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS
  if (wait !== undefined && wait > cap) {
    return `${made}; the API asked to wait ${formatDuration(wait)}, longer than the ${formatDuration(cap)} imagegen waits: run again later`
  }
  if (billedFailures > 1) {
    return `gave up after ${made}: an attempt that may have been billed is retried once only`
  }
  if (attempts > policy.maxRetries) return `gave up after ${made}`
  return undefined
}

function count(attempts: number): string {
  return attempts === 1 ? '1 attempt' : `${attempts} attempts`
}
