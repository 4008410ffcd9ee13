import type { Readable } from 'node:stream'
import { Agent, type Dispatcher, type FormData, request } from 'undici'
import { redact } from '../../redact.js'
import { isProviderError, ProviderError } from '../errors.js'
import { header, type ResponseHeaders } from './headers.js'
import { BodyTooLargeError, readBodyCapped } from './read-body.js'
import { errorFromTransport } from './transport-errors.js'

export interface AttemptOptions {
  url: string
  headers: Record<string, string>
  body: string | FormData
  dispatcher: Dispatcher
  entry: string
  timeoutMs: number
  maxResponseBytes: number
  /** The caller's: aborting it cancels the attempt. */
  signal: AbortSignal | undefined
  /** Secrets to cut out of anything the server echoes back. */
  secrets: (string | undefined)[]
  /** Reads the answer's request id from its headers, if the API sends one. */
  requestIdOf?: (headers: ResponseHeaders) => string | undefined
}

/** A 2xx answer of server-sent events, read as it arrives rather than whole. */
export interface StreamedAnswer {
  headers: ResponseHeaders
  /** The body; its reads fail like any body read (a cut is a billed transport failure). */
  body: Readable
  requestId: string | undefined
  signal: AbortSignal
}

/** A provider's pooled connections, bounded between bytes by its attempt time limit. */
export function createAgent(timeoutMs: number): Dispatcher {
  return new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 32 })
}

/** A provider asked to generate without its key: refused before anything is sent. */
export function missingKeyError(entry: string, variables: string): ProviderError {
  return new ProviderError('PROVIDER_AUTH', `no API key: set ${variables} in the environment`, {
    entry,
    retryable: false,
    accountWide: true,
  })
}

/** What came back, with the request id already redacted. */
export interface Answer {
  status: number
  headers: ResponseHeaders
  text: string
  requestId: string | undefined
  /** The attempt's own signal (caller's cancellation or the deadline), for follow-up downloads. */
  signal: AbortSignal
}

/**
 * One HTTP POST, bounded as a whole by `timeoutMs` (undici's own timeouts bound only the gaps between
 * bytes, so an answer that drips forever must time out too), its body capped, every failure below
 * HTTP turned into a typed, key-free error. `decode` makes the result of the answer; its own
 * `ProviderError`s pass through untouched.
 */
export async function postAttempt<T>(
  options: AttemptOptions,
  decode: (answer: Answer) => Promise<T> | T,
  decodeStream?: (answer: StreamedAnswer) => Promise<T>,
): Promise<T> {
  const { entry, signal, timeoutMs, secrets } = options
  const deadline = AbortSignal.timeout(timeoutMs)
  const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline
  let requestId: string | undefined
  let answered = false
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher,
      signal: attemptSignal,
    })
    const id = options.requestIdOf?.(response.headers)
    // It reaches messages and the store: a server that echoes the key there must not get it through.
    requestId = id === undefined ? undefined : redact(id, secrets)
    answered = response.statusCode >= 200 && response.statusCode < 300
    if (answered && decodeStream && isEventStream(response.headers)) {
      return await decodeStream({
        headers: response.headers,
        body: response.body,
        requestId,
        signal: attemptSignal,
      })
    }
    const text = (await readBodyCapped(response.body, options.maxResponseBytes)).toString('utf8')
    return await decode({
      status: response.statusCode,
      headers: response.headers,
      text,
      requestId,
      signal: attemptSignal,
    })
  } catch (error) {
    if (isProviderError(error)) throw error
    if (error instanceof BodyTooLargeError) {
      throw new ProviderError('PROVIDER_RESPONSE', `the answer was larger than ${error.limit} bytes`, {
        entry,
        requestId,
        retryable: false,
        billed: answered,
        hint: 'raise maxResponseBytes if such answers are expected',
      })
    }
    throw errorFromTransport(error, { entry, signal, deadline, timeoutMs, secrets, answered })
  }
}

function isEventStream(headers: ResponseHeaders): boolean {
  return header(headers, 'content-type')?.startsWith('text/event-stream') ?? false
}

/** An answer's body as JSON, or the retryable error of a cut or mislabelled one. */
export function parseJsonAnswer(text: string, entry: string, requestId: string | undefined): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ProviderError('PROVIDER_RESPONSE', 'the answer is not JSON (truncated or wrong content type)', {
      entry,
      requestId,
      retryable: true,
      billed: true,
    })
  }
}
