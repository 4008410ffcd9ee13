import pLimit from 'p-limit'
import { ImagegenError, isImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import { isProviderError } from '../providers/errors.js'
import type { GenerationRequest, GenerationResult, Provider } from '../providers/types.js'
import type { StoreRecord } from '../store/record.js'
import type { Store } from '../store/store.js'
import { type BackoffOptions, backoffDelay, sleep } from './backoff.js'
import { Budget, type BudgetLimits } from './budget.js'
import { estimateCost } from './cost.js'
import { formatAsked, warnFormatMismatch } from './format-asked.js'
import { Pacer } from './pacer.js'
import { addUsage, emptyReport, type RunReport } from './report.js'
import { SharedRuns } from './shared-runs.js'

export interface SchedulerOptions extends BudgetLimits {
  provider: Provider
  store: Store
  concurrency: number
  maxRetries: number
  logger: Logger
  /** Waits between retries; tests shorten them. */
  backoff?: BackoffOptions
}

export interface RunOptions {
  signal?: AbortSignal
  /** Generate anew although the key is stored: the new images replace the record, the old blobs stay until pruned. */
  force?: boolean
}

export interface Scheduler {
  /**
   * The entry's stored record, generating it if no process has. One generation per key at a time: a
   * second call for a key in flight joins it (its `force` is not looked at). Aborting `signal` rejects
   * the call with `ABORTED` at once while other calls still wait for the key. Once every waiting call
   * has aborted, the generation stops (before it starts, or by aborting its request in flight) and they
   * settle with it: `ABORTED`, or the record if the images had arrived and were being stored.
   */
  run(job: GenerationRequest, options?: RunOptions): Promise<StoreRecord>
  /** A snapshot of what the run has done so far; `wallTimeMs` counts from the scheduler's creation. */
  report(): RunReport
}

/**
 * Generates missing images: bounded concurrency that slows down when the service pushes back, retries of
 * what may succeed if sent again, a budget checked before anything is spent, and every result written to
 * the store the moment it arrives, so one entry's failure never costs another's image.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { provider, store, logger, maxRetries } = options
  const limit = pLimit(options.concurrency)
  const pacer = new Pacer(limit, options.concurrency)
  const budget = new Budget(options)
  const report = emptyReport()
  const started = Date.now()
  const runs = new SharedRuns<StoreRecord>()

  /**
   * One request in a concurrency slot. Undefined when the pacer lowered concurrency while this job
   * waited in its slot: the slot is given back and the job queues again, rather than sending past the
   * new limit.
   */
  function sendInSlot(
    job: GenerationRequest,
    signal: AbortSignal,
    sending: () => void,
  ): Promise<GenerationResult | undefined> {
    return limit(async () => {
      await pacer.ready(signal)
      signal.throwIfAborted()
      if (limit.activeCount > limit.concurrency) return undefined
      sending()
      const result = await provider.generate(job, { signal })
      pacer.onSuccess(result.rateLimits ?? {})
      return result
    })
  }

  async function generateWithRetries(job: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    for (let attempt = 0; ; ) {
      let sentAt = Date.now()
      try {
        const result = await sendInSlot(job, signal, () => {
          sentAt = Date.now()
        })
        if (result) return result
      } catch (error) {
        if (signal.aborted) throw abortedError(job.entryName, error)
        if (!isProviderError(error) || !error.retryable || attempt >= maxRetries) throw error
        const delay = backoffDelay(attempt, error.retryAfterMs, options.backoff)
        if (error.code === 'PROVIDER_RATE_LIMIT') pacer.onRateLimited(sentAt, delay)
        attempt++
        report.retries++
        logger.debug?.(
          `imagegen: ${job.entryName}: ${error.problem}; retry ${attempt} in ${Math.round(delay)} ms`,
        )
        await sleep(delay, signal).catch((reason) => {
          throw abortedError(job.entryName, reason)
        })
      }
    }
  }

  async function runOnce(job: GenerationRequest, signal: AbortSignal, force: boolean): Promise<StoreRecord> {
    try {
      if (signal.aborted) throw abortedError(job.entryName, signal.reason)
      const estimated = estimateCost(job.recipe)
      const lockOptions = { signal }
      const readOrGenerate: Store['readOrGenerate'] = force
        ? (key, generate, options) =>
            store.withKeyLock(
              key,
              async () => ({
                record: await store.writeEntry({ ...(await generate()), key }),
                generated: true,
              }),
              options,
            )
        : store.readOrGenerate
      const outcome = await readOrGenerate(
        job.key,
        async () => {
          const release = budget.reserve(job.entryName, job.recipe.request.n, estimated)
          try {
            const result = await generateWithRetries(job, signal)
            const meta = {
              model: result.model,
              ...(result.usage ? { usage: result.usage } : {}),
              ...(result.requestId ? { requestId: result.requestId } : {}),
              ...formatAsked(job),
            }
            return { recipe: job.recipe, images: result.images, meta }
          } catch (error) {
            release()
            throw error
          }
        },
        lockOptions,
      )
      if (outcome.generated) {
        report.generated++
        report.generatedImages += outcome.record.outputs.length
        report.estimatedCost += estimated ?? 0
        addUsage(report, outcome.record.usage)
        logger.info(`imagegen: generated ${job.entryName}`)
        warnFormatMismatch(job, outcome.record, logger)
      } else {
        report.fromStore++
      }
      return outcome.record
    } catch (error) {
      const failure = signal.aborted
        ? abortedError(job.entryName, error)
        : asImagegenError(error, job.entryName)
      report.failed.push({ entry: job.entryName, key: job.key, error: failure })
      if (failure.code === 'BUDGET') report.skippedForBudget++
      throw failure
    }
  }

  return {
    run: (job, { signal, force = false } = {}) =>
      runs.join(
        job.key,
        signal,
        (shared) => runOnce(job, shared, force),
        (reason) => abortedError(job.entryName, reason),
      ),
    report: () => ({
      ...report,
      failed: [...report.failed],
      tokens: { ...report.tokens },
      wallTimeMs: Date.now() - started,
    }),
  }
}

/** The cancellation as this entry's error (the store's lock wait, for one, names only the key). */
function abortedError(entry: string, cause: unknown): ImagegenError {
  if (isImagegenError(cause) && cause.code === 'ABORTED' && cause.entry === entry) return cause
  return new ImagegenError('ABORTED', 'not generated: the run was cancelled', { entry, cause })
}

function asImagegenError(error: unknown, entry: string): ImagegenError {
  if (isImagegenError(error)) return error
  return new ImagegenError('PROVIDER_NETWORK', `generation failed: ${(error as Error)?.message ?? error}`, {
    entry,
    cause: error,
  })
}
