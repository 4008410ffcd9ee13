/** Everything one running fake holds between requests; reset() puts it back to how it started. */

import { FaultScript } from './faults/select-fault.js'
import { createRenderCache, type RenderCache } from './images/render-cache.js'
import { InFlight } from './limits/in-flight.js'
import { RateLimits } from './limits/rate-limits.js'
import type { ResolvedOptions } from './options.js'
import type { RecordedDownload, RecordedRequest } from './record.js'
import { FileStore } from './respond/file-store.js'

export interface ServerState {
  readonly options: ResolvedOptions
  readonly requests: RecordedRequest[]
  readonly downloads: RecordedDownload[]
  readonly script: FaultScript
  /** Uses per prompt of `[fake:…]` markers, for their `times=`. */
  readonly markerUses: Map<string, number>
  readonly inFlight: InFlight
  readonly rateLimits: RateLimits
  readonly files: FileStore
  readonly renderCache: RenderCache
  /** Aborted by close(): ends delays, hanging answers and endless bodies. */
  readonly shutdown: AbortController
  /** One promise per API request still open; each settles when its response has closed. */
  readonly open: Set<Promise<void>>
  seq: number
}

export function createServerState(options: ResolvedOptions): ServerState {
  return {
    options,
    requests: [],
    downloads: [],
    script: new FaultScript(options.faults),
    markerUses: new Map(),
    inFlight: new InFlight(options.maxInFlight, options.inFlightRetryAfterMs),
    rateLimits: new RateLimits(options.requestsPerMinute, options.tokensPerMinute, options.now),
    files: new FileStore(options.urlTtlMs, options.now),
    renderCache: createRenderCache(),
    shutdown: new AbortController(),
    open: new Set(),
    seq: 0,
  }
}

export function resetServerState(state: ServerState): void {
  state.requests.length = 0
  state.downloads.length = 0
  state.script.replace(state.options.faults)
  state.markerUses.clear()
  state.inFlight.resetCounters()
  state.rateLimits.reset()
  state.files.clear()
  state.seq = 0
}
