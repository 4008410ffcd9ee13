import pLimit, { type LimitFunction } from 'p-limit'
import { ImagegenError, isImagegenError } from '../errors.js'
import { costFromUsage, estimateCostOf } from '../prices/index.js'
import { isProviderError } from '../providers/errors.js'
import type { GenerationOptions, GenerationRequest, GenerationResult } from '../providers/types.js'
import type { StoreRecord } from '../store/record.js'
import { AccountStop } from './account-stop.js'
import { generateWithRetries } from './attempts.js'
import { Budget } from './budget.js'
import { forcedGeneration } from './forced-generation.js'
import { formatAsked, warnFormatMismatch } from './format-asked.js'
import { Pacer } from './pacer.js'
import { addUsage, emptyReport } from './report.js'
import type { RunOptions, Scheduler, SchedulerOptions } from './scheduler-types.js'
import { SharedRuns } from './shared-runs.js'

export type { RunOptions, Scheduler, SchedulerOptions } from './scheduler-types.js'

interface Lane {
  limit: LimitFunction
  pacer: Pacer
  /** A refused key or spent credit stops only the provider that refused it. */
  accountStop: AccountStop
}

/** What each attempt is sent with: the run's signal, and previews if they were asked for. */
type Call = GenerationOptions & { signal: AbortSignal }

/**
 * Generates missing images: bounded concurrency that slows down when the service pushes back, retries of
 * what may succeed if sent again, a budget checked before anything is spent, and every result written to
 * the store the moment it arrives, so one entry's failure never costs another's image.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { provider, store, logger } = options
  const lanes = new Map<string, Lane>()
  const budget = new Budget(options)
  const report = emptyReport()
  const started = Date.now()
  const runs = new SharedRuns<StoreRecord>()

  /**
   * Each API is paced on its own: one service pushing back must not slow the others. A lane per name
   * the recipes carry, with the run's concurrency each.
   */
  function laneFor(job: GenerationRequest): Lane {
    let lane = lanes.get(job.recipe.provider)
    if (!lane) {
      const limit = pLimit(options.concurrency)
      lane = { limit, pacer: new Pacer(limit, options.concurrency), accountStop: new AccountStop() }
      lanes.set(job.recipe.provider, lane)
    }
    return lane
  }

  /**
   * One request in a concurrency slot. Undefined when the pacer lowered concurrency while this job
   * waited in its slot: the slot is given back and the job queues again, rather than sending past the
   * new limit.
   */
  function sendInSlot(
    job: GenerationRequest,
    call: Call,
    sending: () => void,
  ): Promise<GenerationResult | undefined> {
    const { signal } = call
    const { limit, pacer, accountStop } = laneFor(job)
    return limit(async () => {
      await pacer.ready(signal)
      signal.throwIfAborted()
      if (limit.activeCount > limit.concurrency) return undefined
      accountStop.check(job.entryName)
      sending()
      const result = await provider.generate(job, call).catch((error: unknown) => {
        accountStop.note(error)
        throw error
      })
      pacer.onSuccess(result.rateLimits ?? {})
      return result
    })
  }

  /**
   * The generation of one job with its retries, each attempt paid for from the budget: the first
   * before anything is sent, and another after each attempt the service may have billed. A failure
   * gives back only what no attempt was charged.
   */
  async function generatePaid(job: GenerationRequest, call: Call, estimated: number | undefined) {
    const { signal } = call
    const pay = () => budget.reserve(job.entryName, job.recipe.request.n, estimated)
    let unspent = pay()
    try {
      const result = await generateWithRetries(options, {
        signal,
        send: (onSent) => sendInSlot(job, call, onSent),
        payForRetry() {
          unspent = pay()
          // The attempt before was billed, its reservation spent: it counts once a retry is paid for,
          // or (when the budget refuses one) below, with the failure.
          report.estimatedCost += estimated ?? 0
        },
        retrying(error, sentAt, delay) {
          if (error.code === 'PROVIDER_RATE_LIMIT') laneFor(job).pacer.onRateLimited(sentAt, delay)
          report.retries++
          logger.debug?.(`imagegen: ${job.entryName}: ${error.problem}; retry in ${Math.round(delay)} ms`)
        },
        aborted: (reason) => abortedError(job.entryName, reason),
      })
      report.estimatedCost += estimated ?? 0
      return result
    } catch (error) {
      if (isProviderError(error) && error.billed) report.estimatedCost += estimated ?? 0
      else unspent()
      throw error
    }
  }

  async function runOnce(
    job: GenerationRequest,
    signal: AbortSignal,
    { force = false, partials }: RunOptions,
  ): Promise<StoreRecord> {
    try {
      if (signal.aborted) throw abortedError(job.entryName, signal.reason)
      const { images, mask } = job.files
      const estimated = await estimateCostOf(job.recipe, mask ? [...images, mask] : images, partials?.count)
      const lockOptions = { signal }
      const readOrGenerate = force ? forcedGeneration(store, logger) : store.readOrGenerate
      const outcome = await readOrGenerate(
        job.key,
        async () => {
          const result = await generatePaid(job, partials ? { signal, partials } : { signal }, estimated)
          const meta = {
            model: result.model,
            ...(result.usage ? { usage: result.usage } : {}),
            ...(result.requestId ? { requestId: result.requestId } : {}),
            ...formatAsked(job),
          }
          return { recipe: job.recipe, images: result.images, meta }
        },
        lockOptions,
      )
      if (outcome.generated) {
        report.generated++
        report.generatedImages += outcome.record.outputs.length
        addUsage(report, outcome.record.usage)
        const actual = costFromUsage(job.recipe, outcome.record.usage, outcome.record.outputs.length)
        if (actual === undefined) report.unpriced++
        else report.actualCost += actual
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
      const outcome = { entry: job.entryName, key: job.key, error: failure }
      if (failure.code === 'BUDGET') report.skipped.push(outcome)
      else report.failed.push(outcome)
      throw failure
    }
  }

  return {
    run: (job, options = {}) =>
      runs.join(
        job.key,
        options.signal,
        (shared) => runOnce(job, shared, options),
        (reason) => abortedError(job.entryName, reason),
      ),
    report: () => ({
      ...report,
      failed: [...report.failed],
      skipped: [...report.skipped],
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
