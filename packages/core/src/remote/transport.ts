import { setTimeout as sleep } from 'node:timers/promises'
import type { Dispatcher } from 'undici'

/**
 * The few object operations a remote needs, whatever speaks them (S3, a Bazel-style HTTP cache). Paths
 * are relative (`cas/<hash>`); a transport adds its base, prefix and credentials.
 */
export interface Transport {
  /** The object's bytes, or undefined when there is none. */
  get(path: string): Promise<Buffer | undefined>
  /** Whether the object exists. */
  head(path: string): Promise<boolean>
  /**
   * Writes the object. With `ifNoneMatch`, asks the server to create it only if absent (`If-None-Match: *`)
   * and answers `exists` when it says it is there already; a server that ignores the header overwrites.
   */
  put(path: string, body: Uint8Array, options?: { ifNoneMatch?: boolean }): Promise<'written' | 'exists'>
  delete(path: string): Promise<void>
  close(): Promise<void>
}

/**
 * Why a remote request failed. `unavailable`: down, slow or 5xx — the run goes on locally. `denied`:
 * 401/403 — no (write) permission. `refused`: any other answer the server should not give.
 */
export class RemoteError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'denied' | 'refused',
    message: string,
    /** A reset connection, a 5xx or a 429: worth one more try, as the AWS SDKs do. */
    readonly retryable = false,
  ) {
    super(message)
    this.name = 'RemoteError'
  }
}

export type Method = 'GET' | 'HEAD' | 'PUT' | 'DELETE'

export interface SendOptions {
  method: Method
  url: URL
  headers: Record<string, string>
  body?: Uint8Array
  timeoutMs: number
  /** What a message may call the object: never the URL, which may hold a presigned credential. */
  what: string
}

export interface Answer {
  status: number
  body: Buffer
}

/** Bodies larger than this are not an image imagegen stored. */
const MAX_BODY_BYTES = 256 * 1024 * 1024

/**
 * One pooled agent per remote, made with the first request: an engine with a remote configured that
 * finds everything locally never loads undici. Its timeouts bound the gaps between bytes, the signal the
 * whole request.
 */
export interface LazyDispatcher {
  timeoutMs: number
  agent?: Dispatcher
  close(): Promise<void>
}

export function createDispatcher(timeoutMs: number): LazyDispatcher {
  const lazy: LazyDispatcher = {
    timeoutMs,
    close: async () => {
      await lazy.agent?.close()
    },
  }
  return lazy
}

/** Connection failures worth one more try: the server closed a kept-alive socket as it was reused. */
const RESET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])
const RETRY_PAUSE_MS = 200

/**
 * Sends one request, once more after a reset connection or a 5xx (every request a remote makes may be
 * repeated: blobs are content-addressed, records and leases are whole objects). Transport
 * failures and 5xx become `unavailable`, 401/403 `denied`.
 */
export async function send(dispatcher: LazyDispatcher, options: SendOptions): Promise<Answer> {
  try {
    return await sendOnce(dispatcher, options)
  } catch (error) {
    if (!(error instanceof RemoteError) || !error.retryable) throw error
    await sleep(RETRY_PAUSE_MS)
    return sendOnce(dispatcher, options)
  }
}

async function sendOnce(lazy: LazyDispatcher, options: SendOptions): Promise<Answer> {
  const { method, url, headers, body, timeoutMs, what } = options
  const { Agent, request } = await import('undici')
  lazy.agent ??= new Agent({ headersTimeout: lazy.timeoutMs, bodyTimeout: lazy.timeoutMs, connections: 16 })
  const dispatcher = lazy.agent
  let answer: Dispatcher.ResponseData
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    answer = await request(url, { method, headers, body: body ?? null, dispatcher, signal })
    const received = await readCapped(answer.body, what)
    if (answer.statusCode >= 500 || answer.statusCode === 429 || answer.statusCode === 408)
      throw new RemoteError('unavailable', `${method} ${what} answered ${answer.statusCode}`, true)
    if (answer.statusCode === 401 || answer.statusCode === 403)
      throw new RemoteError('denied', `${method} ${what} answered ${answer.statusCode}`)
    return { status: answer.statusCode, body: received }
  } catch (error) {
    if (error instanceof RemoteError) throw error
    if (signal.aborted)
      throw new RemoteError('unavailable', `${method} ${what}: no answer within ${timeoutMs} ms`)
    const { code, reason } = transportReason(error)
    throw new RemoteError('unavailable', `${method} ${what}: ${reason}`, RESET_CODES.has(code ?? ''))
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], what: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      body.destroy()
      throw new RemoteError('refused', `${what} is larger than ${MAX_BODY_BYTES} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** The error's code and message; undici's messages name hosts and ports, never headers. */
function transportReason(error: unknown): { code: string | undefined; reason: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const code = cause?.code ?? (error as { code?: string }).code
  const message = cause?.message ?? (error as Error).message ?? String(error)
  return { code, reason: code && !message.includes(code) ? `${code} ${message}` : message }
}

/** Maps the status codes every object server shares. */
export function expectStatus(answer: Answer, method: string, what: string): void {
  if (answer.status >= 200 && answer.status < 300) return
  throw new RemoteError('refused', `${method} ${what} answered ${answer.status}`)
}
