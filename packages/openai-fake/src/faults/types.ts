/** Scriptable misbehaviour: which requests (FaultMatch), how often (times), how slow and what goes wrong. */

import type { OutputFormat } from '../job.js'
import type { RecordedRequest } from '../record.js'
import type { Endpoint } from '../spec/models.js'

/** Milliseconds, or a [min, max] range (a value chosen per request, reproducibly from its number). */
export type Delay = number | readonly [number, number]

export type Fault =
  /** An error answer with the service's error body. Defaults by status: 500/502/503/504 server_error, … */
  | {
      kind: 'status'
      status: number
      message?: string
      type?: string
      code?: string | null
      param?: string | null
      headers?: Record<string, string>
      /** A raw body instead of the error object (e.g. a proxy's HTML page); sent as text/html. */
      body?: string
    }
  /** 429 `rate_limit_exceeded`, with `retry-after` (seconds), `retry-after-ms`, or `retry-after` as an HTTP date. */
  | { kind: 'rate-limit'; retryAfterSeconds?: number; retryAfterMs?: number; retryAfterDate?: boolean }
  /** 429 with type and code `insufficient_quota`: out of credit, retrying never helps. */
  | { kind: 'insufficient-quota' }
  /**
   * 400 `moderation_blocked` for GPT image models, `content_policy_violation` for DALL·E. `on: 'image'`
   * refuses the drawn image rather than the prompt where the API tells them apart: Gemini then answers
   * a candidate with `finishReason: IMAGE_SAFETY` and no image instead of `promptFeedback.blockReason`.
   */
  | { kind: 'moderation'; on?: 'prompt' | 'image' }
  /** Headers never come; the request stays open until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** Status line, headers (full Content-Length) and the first `afterBytes` of the body, then the socket is destroyed. */
  | { kind: 'reset'; afterBytes?: number }
  /** A complete 200 whose JSON is cut after `keepBytes` (Content-Length matches the cut body). */
  | { kind: 'truncated-body'; keepBytes?: number }
  /** A 200 under another Content-Type (default text/html) with another body (default an HTML page). */
  | { kind: 'wrong-content-type'; contentType?: string; body?: string }
  /** A 200 whose JSON body starts and then drips base64 forever (until the client or server closes). */
  | { kind: 'endless-body'; intervalMs?: number; chunkBytes?: number }
  /** A 200 whose `b64_json` decodes to `bytes` bytes (default 64 MiB): a PNG signature, then zeros. */
  | { kind: 'oversized-image'; bytes?: number }
  /** Image bytes in another format than asked (default PNG, or JPEG when PNG was asked); the echo stays. */
  | { kind: 'wrong-format'; format?: OutputFormat }
  /** `b64_json` that is not valid base64. */
  | { kind: 'invalid-base64' }
  /** `data[].url` instead of `b64_json`, for any model: `url` (another host, plain http…) or a URL the fake serves. */
  | { kind: 'url'; url?: string }
  /**
   * A streamed answer (`stream: true`) whose socket is destroyed after `afterEvents` events (default:
   * the first image's partial images, so its `completed` event never comes); with `clean`, the answer
   * ends properly there instead, as a server that gave up would end it. No effect without `stream`.
   */
  | { kind: 'stream-cut'; afterEvents?: number; clean?: boolean }
  /**
   * A streamed answer that sends an `error` event (the service's error body, `server_error` unless
   * `code` says otherwise) after `afterEvents` events, then ends. No effect without `stream`.
   */
  | { kind: 'stream-error'; afterEvents?: number; code?: string }

export type FaultKind = Fault['kind']

export interface FaultMatch {
  endpoint?: Endpoint | readonly Endpoint[]
  /** The resolved model: exact name or a pattern. */
  model?: string | RegExp
  /** A substring of the prompt, or a pattern. */
  prompt?: string | RegExp
  /** The request's number (`RecordedRequest.seq`, 1-based, every request to an API path counts). */
  nth?: number | readonly number[] | ((seq: number) => boolean)
  /** Anything else about the request. */
  when?: (request: RecordedRequest) => boolean
}

export interface FaultRule {
  /** Which requests; omitted: every valid image request. */
  match?: FaultMatch
  /** How many requests the rule applies to before it is spent. @default Infinity */
  times?: number
  /** Wait this long before answering (added to the global `latencyMs`). */
  delayMs?: Delay
  /** What goes wrong; omitted: only the delay. */
  fault?: Fault
}
