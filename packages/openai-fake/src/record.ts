/** What the fake remembers about each request, for tests to assert on. Secrets are never kept. */

import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { ErrorObject } from './api-error.js'
import type { FaultKind } from './faults/types.js'
import type { ParsedBody } from './parse/request-body.js'
import type { Endpoint } from './spec/models.js'

export interface RecordedFile {
  /** The part's name: `image`, `image[]` or `mask`. */
  field: string
  filename: string
  /** As declared by the client; undefined when the part had none. */
  contentType: string | undefined
  size: number
  sha256: string
}

export interface RecordedRequest {
  /** 1-based number of the request (what `FaultMatch.nth` matches). */
  seq: number
  /** The `x-request-id` answered. */
  id: string
  method: string
  path: string
  query: Record<string, string>
  /** The images endpoint, or undefined for a path the fake does not serve. */
  endpoint: Endpoint | undefined
  api: 'openai' | 'azure' | 'google' | 'fal'
  /** The Azure deployment named in the path. */
  deployment?: string
  /** Lower-case names; `authorization`, `api-key` and `x-goog-api-key` are left out. */
  headers: Record<string, string>
  contentType: string | undefined
  /** The JSON body, or the multipart text fields (a repeated name gives an array). */
  body?: unknown
  /** The start of a body that could not be parsed. */
  bodyText?: string
  files: RecordedFile[]
  /** The model the request ran on, once validated. */
  model?: string
  /** The status answered; undefined while in flight or when headers were never sent. */
  status?: number
  /** The error object answered, if any. */
  error?: ErrorObject
  /** The scripted fault applied, if any. */
  fault?: FaultKind
  /** The delay applied before answering (latencyMs plus a rule's delayMs), once chosen. */
  delayMs?: number
  /** How it ended: answered in full, cut by a fault, abandoned by the client, or ended by close(). */
  outcome?: 'answered' | 'reset' | 'client-closed' | 'server-closed'
  /** Epoch milliseconds. */
  receivedAt: number
  durationMs?: number
}

/** A GET of an image served for a `url` answer. */
export interface RecordedDownload {
  path: string
  status: number
  receivedAt: number
}

const SECRET_HEADERS = new Set([
  'authorization',
  'api-key',
  'x-goog-api-key',
  'proxy-authorization',
  'cookie',
])

export function recordableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !SECRET_HEADERS.has(name))
      kept[name] = Array.isArray(value) ? value.join(', ') : value
  return kept
}

/** A JSON body recorded as parsed, or, when it is not JSON, its first 2 KiB as text; `undefined` then. */
export function recordJsonBody(record: RecordedRequest, bytes: Buffer): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'))
    record.body = value
    return { value }
  } catch {
    record.bodyText = bytes.subarray(0, 2048).toString('utf8')
    return undefined
  }
}

export function recordBody(record: RecordedRequest, body: ParsedBody): void {
  if (body.kind === 'json') {
    record.body = body.value
    return
  }
  if (body.kind !== 'multipart') return
  const fields: Record<string, string | string[]> = {}
  for (const part of body.parts) {
    if (part.kind === 'file') {
      record.files.push({
        field: part.name,
        filename: part.filename,
        contentType: part.contentType,
        size: part.bytes.length,
        sha256: createHash('sha256').update(part.bytes).digest('hex'),
      })
      continue
    }
    const previous = fields[part.name]
    fields[part.name] =
      previous === undefined ? part.value : [...(Array.isArray(previous) ? previous : [previous]), part.value]
  }
  record.body = fields
}
