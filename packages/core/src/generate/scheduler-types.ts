import type { Logger } from '../logger.js'
import type { GenerationOptions, GenerationRequest, Provider } from '../providers/types.js'
import type { StoreRecord } from '../store/record.js'
import type { Store } from '../store/store.js'
import type { BackoffOptions } from './backoff.js'
import type { BudgetLimits } from './budget.js'
import type { RunReport } from './report.js'

export interface SchedulerOptions extends BudgetLimits {
  provider: Provider
  store: Store
  /** Requests in flight at once, to each provider the recipes name. */
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
  /**
   * Previews while the image generates, from models that stream (priced into the estimate); never
   * stored. Heard by the call that starts the generation, not by one that joins it in flight.
   */
  partials?: GenerationOptions['partials']
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
