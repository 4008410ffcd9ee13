/** startFakeOpenAI: the loopback server, what tests can ask of it, and a shutdown that never hangs. */

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FaultRule } from './faults/types.js'
import { handleRequest } from './handle-request.js'
import { type FakeOpenAIOptions, resolveOptions } from './options.js'
import type { RecordedDownload, RecordedRequest } from './record.js'
import { createServerState, resetServerState } from './server-state.js'

export interface FakeOpenAIStats {
  /** API requests open right now. */
  readonly inFlight: number
  /** Most API requests open at once (those rejected by `maxInFlight` included) since start or reset(). */
  readonly peakInFlight: number
  /** Requests answered 429 because of `maxInFlight`. */
  readonly rejectedInFlight: number
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, for `OPENAI_BASE_URL`: `http://127.0.0.1:PORT/v1`. */
  readonly url: string
  /** `http://127.0.0.1:PORT`: the Azure endpoint (`/openai/deployments/…`, `/openai/v1/…`). */
  readonly origin: string
  readonly port: number
  /** Every API request, in arrival order (cleared in place by reset()). */
  readonly requests: RecordedRequest[]
  /** GETs of images answered as `url`. */
  readonly downloads: RecordedDownload[]
  readonly stats: FakeOpenAIStats
  /** Replaces the fault rules (their `times` count again from zero). */
  script(rules: FaultRule[]): void
  /** Back to the state after start: startup faults, no records, counters and limits refilled, no files. */
  reset(): void
  /** Stops listening and ends every open connection, hanging and endless answers included. */
  close(): Promise<void>
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const resolved = resolveOptions(options)
  const state = createServerState(resolved)
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 5_000 }, (request, response) => {
    handleRequest(state, request, response).catch(() => response.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://${urlHost(resolved.host)}:${port}`
  let closing: Promise<void> | undefined

  return {
    url: `${origin}/v1`,
    origin,
    port,
    requests: state.requests,
    downloads: state.downloads,
    stats: {
      get inFlight() {
        return state.inFlight.current
      },
      get peakInFlight() {
        return state.inFlight.peak
      },
      get rejectedInFlight() {
        return state.inFlight.rejected
      },
    },
    script(rules) {
      state.script.replace(rules)
    },
    reset() {
      resetServerState(state)
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        state.shutdown.abort()
        server.close(() => resolve())
        server.closeAllConnections()
      }).then(() => Promise.all(state.open).then(() => undefined))
      return closing
    },
  }
}

/** A host clients can reach: the loopback address for a wildcard, brackets around IPv6. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}
