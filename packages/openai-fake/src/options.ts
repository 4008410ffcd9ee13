import type { Delay, FaultRule } from './faults/types.js'
import type { RecordedRequest } from './record.js'

export interface FakeOpenAIOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Require exactly this key; otherwise any non-empty key is accepted. @default undefined */
  apiKey?: string
  /** Added before every image answer: milliseconds or a [min, max] range. @default 0 */
  latencyMs?: Delay
  /** Streamed answers (`stream: true`): wait this long before each event, partial or completed. @default 0 */
  streamIntervalMs?: Delay
  /**
   * Whether `stream: true` is taken. `false` answers it with 400 `unknown_parameter`, as a server or a
   * deployment that does not stream. @default true
   */
  streaming?: boolean
  /** Requests open at once beyond this get 429 `rate_limit_exceeded` with `retry-after-ms`. @default Infinity */
  maxInFlight?: number
  /** The `retry-after-ms` sent with a `maxInFlight` rejection. @default 1000 */
  inFlightRetryAfterMs?: number
  /** The per-minute request limit the `x-ratelimit-*-requests` headers report and the fake enforces. @default 100_000 */
  requestsPerMinute?: number
  /** The per-minute token limit (input + output tokens of GPT image models). @default 100_000_000 */
  tokensPerMinute?: number
  /** Scripted faults and delays, first match wins. @default [] */
  faults?: FaultRule[]
  /** Obey `[fake:…]` markers in prompts (see faults/prompt-marker.ts). @default true */
  promptMarkers?: boolean
  /** How long a `url` answer stays downloadable. @default 3_600_000 (60 minutes, like DALL·E) */
  urlTtlMs?: number
  /** Azure deployment name -> model; every model's own name is also a deployment. @default {} */
  azureDeployments?: Record<string, string>
  /** Larger request bodies get 413. @default 209_715_200 (200 MiB) */
  maxBodyBytes?: number
  /** The clock for `created`, expiry and rate limits. @default Date.now */
  now?: () => number
  /** Called once per API request when it has ended (answered, cut, or closed). @default undefined */
  onRequest?: (request: RecordedRequest) => void
}

export interface ResolvedOptions
  extends Required<Omit<FakeOpenAIOptions, 'apiKey' | 'onRequest'>>,
    Pick<FakeOpenAIOptions, 'apiKey' | 'onRequest'> {}

export function resolveOptions(options: FakeOpenAIOptions = {}): ResolvedOptions {
  const {
    port = 0,
    host = '127.0.0.1',
    apiKey,
    latencyMs = 0,
    streamIntervalMs = 0,
    streaming = true,
    maxInFlight = Number.POSITIVE_INFINITY,
    inFlightRetryAfterMs = 1000,
    requestsPerMinute = 100_000,
    tokensPerMinute = 100_000_000,
    faults = [],
    promptMarkers = true,
    urlTtlMs = 3_600_000,
    azureDeployments = {},
    maxBodyBytes = 200 * 1024 * 1024,
    now = Date.now,
    onRequest,
  } = options
  return {
    port,
    host,
    apiKey,
    latencyMs,
    streamIntervalMs,
    streaming,
    maxInFlight,
    inFlightRetryAfterMs,
    requestsPerMinute,
    tokensPerMinute,
    faults,
    promptMarkers,
    urlTtlMs,
    azureDeployments,
    maxBodyBytes,
    now,
    onRequest,
  }
}
