/**
 * One request and its answer: the record, the headers every answer carries, and a signal that
 * aborts when the client goes away or the server closes.
 */

import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiError } from './api-error.js'
import { type RecordedRequest, recordableHeaders } from './record.js'
import type { Route } from './routes.js'
import type { ServerState } from './server-state.js'

export class Exchange {
  readonly record: RecordedRequest
  readonly requestId = `req_${randomBytes(16).toString('hex')}`
  /** Aborts when the connection closes before the answer is complete, or on server close. */
  readonly signal: AbortSignal
  /** Set once the request counted against the rate limits. */
  rateLimitHeaders: Record<string, string> = {}
  private readonly startedAt = performance.now()

  constructor(
    readonly state: ServerState,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly route: Route,
    url: URL,
  ) {
    this.record = {
      seq: ++state.seq,
      id: this.requestId,
      method: request.method ?? 'GET',
      path: url.pathname,
      // Google's API also takes the key as `?key=`: never kept.
      query: Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'key')),
      endpoint: route.kind === 'images' ? route.endpoint : undefined,
      api:
        route.kind === 'images'
          ? route.api
          : route.kind === 'google' || route.kind === 'fal'
            ? route.kind
            : url.pathname.startsWith('/openai/')
              ? 'azure'
              : 'openai',
      deployment: route.kind === 'images' && route.api === 'azure' ? route.deployment : undefined,
      headers: recordableHeaders(request.headers),
      contentType: request.headers['content-type'],
      files: [],
      receivedAt: state.options.now(),
    }
    state.requests.push(this.record)
    const leave = state.inFlight.enter()
    const aborted = new AbortController()
    this.signal = AbortSignal.any([aborted.signal, state.shutdown.signal])
    const closed = new Promise<void>((resolve) =>
      response.once('close', () => {
        leave()
        if (!response.writableFinished) aborted.abort()
        this.finish()
        state.open.delete(closed)
        resolve()
      }),
    )
    state.open.add(closed)
  }

  /** The origin the client used to reach us, for URLs in answers. */
  get origin(): string {
    const host = this.request.headers.host
    const local = this.request.socket.localAddress ?? '127.0.0.1'
    return `http://${host ?? `${local}:${this.request.socket.localPort}`}`
  }

  /** Headers every answer carries: request id, processing time, rate limits. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    // Google's API sends no request id and no rate-limit headers: its waits are in error bodies.
    if (this.record.api === 'google') {
      return { 'server-timing': `gfet4t7; dur=${Math.round(performance.now() - this.startedAt)}`, ...extra }
    }
    if (this.record.api === 'fal') return { 'x-fal-request-id': this.requestId.slice(4), ...extra }
    return {
      'x-request-id': this.requestId,
      ...(this.record.api === 'azure' ? { 'apim-request-id': this.requestId.slice(4) } : {}),
      'openai-version': '2020-10-01',
      'openai-processing-ms': String(Math.round(performance.now() - this.startedAt)),
      ...this.rateLimitHeaders,
      ...extra,
    }
  }

  /** Status line and headers; later writes are up to the caller. */
  writeHead(status: number, headers: Record<string, string | number>): void {
    this.record.status = status
    this.response.writeHead(status, headers)
  }

  send(status: number, body: Buffer | string, contentType: string, extra: Record<string, string> = {}): void {
    if (this.response.destroyed) return
    // Too late for a status (an error in the middle of a stream): end the connection, never leave it open.
    if (this.response.headersSent) {
      this.response.destroy()
      return
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    this.writeHead(status, {
      ...this.headers(extra),
      'content-type': contentType,
      'content-length': bytes.length,
    })
    this.response.end(bytes)
  }

  sendJson(status: number, value: unknown, extra: Record<string, string> = {}): void {
    this.send(status, JSON.stringify(value), 'application/json', extra)
  }

  sendError(error: ApiError): void {
    this.record.error = error.error
    if (typeof error.body === 'string')
      this.send(error.status, error.body, 'text/html; charset=utf-8', error.headers)
    else this.sendJson(error.status, error.body, { ...error.headers })
  }

  private finish(): void {
    const { record, response, state } = this
    record.durationMs = Math.round(performance.now() - this.startedAt)
    record.outcome = response.writableFinished
      ? 'answered'
      : record.fault === 'reset' || record.fault === 'stream-cut'
        ? 'reset'
        : state.shutdown.signal.aborted
          ? 'server-closed'
          : 'client-closed'
    state.options.onRequest?.(record)
  }
}
