/**
 * Faults in how the answer travels: cut short, mislabelled, endless, oversized. Each writes to the
 * response itself; the body they mangle is the JSON 200 the request would otherwise get (also when
 * `stream: true` was asked: these faults test the JSON path).
 */

import type { Exchange } from '../exchange.js'
import type { Fault } from './types.js'

type TransportFault = Extract<
  Fault,
  { kind: 'reset' | 'truncated-body' | 'wrong-content-type' | 'endless-body' | 'oversized-image' }
>

const TRANSPORT_KINDS = new Set<string>([
  'reset',
  'truncated-body',
  'wrong-content-type',
  'endless-body',
  'oversized-image',
])

export function isTransportFault(fault: Fault | undefined): fault is TransportFault {
  return fault !== undefined && TRANSPORT_KINDS.has(fault.kind)
}

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n<body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>\n'

/** The JSON around one image's base64, for the faults that write an answer of their own. */
export interface AnswerFrame {
  /** Everything before the first image's base64. */
  head: string
  /** Everything after it. */
  tail: string
}

/** The Images API's frame: `{"created":…,"data":[{"b64_json":"…"}]}`. */
export function imagesFrame(created: number): AnswerFrame {
  return { head: `{"created":${created},"data":[{"b64_json":"`, tail: '"}]}' }
}

export async function sendTransportFault(
  exchange: Exchange,
  fault: TransportFault,
  body: Buffer,
  frame: AnswerFrame,
) {
  const json = { 'content-type': 'application/json' }
  switch (fault.kind) {
    case 'reset': {
      exchange.writeHead(200, { ...exchange.headers(json), 'content-length': body.length })
      const kept = body.subarray(0, cutAt(body, fault.afterBytes))
      exchange.response.flushHeaders()
      exchange.response.write(kept, () => exchange.response.socket?.destroy())
      return
    }
    case 'truncated-body':
      exchange.send(200, body.subarray(0, cutAt(body, fault.keepBytes)), 'application/json')
      return
    case 'wrong-content-type':
      exchange.send(200, fault.body ?? HTML_PAGE, fault.contentType ?? 'text/html; charset=utf-8')
      return
    case 'endless-body':
      return sendEndlessBody(exchange, fault, frame)
    case 'oversized-image':
      return sendOversizedImage(exchange, fault.bytes ?? 64 * 1024 * 1024, frame)
  }
}

/** Where to cut: as asked, but always short of the whole body; half of it by default. */
function cutAt(body: Buffer, bytes: number | undefined): number {
  return Math.max(0, Math.min(bytes ?? Math.floor(body.length / 2), body.length - 1))
}

async function sendEndlessBody(
  exchange: Exchange,
  fault: Extract<Fault, { kind: 'endless-body' }>,
  frame: AnswerFrame,
): Promise<void> {
  const { response, signal } = exchange
  exchange.writeHead(200, exchange.headers({ 'content-type': 'application/json' }))
  response.write(frame.head)
  const chunk = 'A'.repeat(fault.chunkBytes ?? 1024)
  const timer = setInterval(() => response.write(chunk), fault.intervalMs ?? 100)
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(timer)
      response.destroy()
      resolve()
    }
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })
}

/** PNG signature plus one zero byte (9 bytes, 12 base64 characters), then zeros: `A` in base64. */
const PNG_START_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]).toString('base64')

async function sendOversizedImage(exchange: Exchange, bytes: number, frame: AnswerFrame): Promise<void> {
  const { response, signal } = exchange
  const zeroGroups = Math.max(0, Math.ceil((bytes - 9) / 3))
  const head = Buffer.from(`${frame.head}${PNG_START_BASE64}`)
  const tail = Buffer.from(frame.tail)
  const total = head.length + zeroGroups * 4 + tail.length
  exchange.writeHead(200, {
    ...exchange.headers({ 'content-type': 'application/json' }),
    'content-length': total,
  })
  response.write(head)
  const block = Buffer.alloc(1024 * 1024, 'A')
  let remaining = zeroGroups * 4
  while (remaining > 0 && !signal.aborted) {
    const piece = remaining >= block.length ? block : block.subarray(0, remaining)
    remaining -= piece.length
    if (!response.write(piece)) await drained(exchange)
  }
  if (!signal.aborted) response.end(tail)
}

function drained({ response, signal }: Exchange): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done)
      signal.removeEventListener('abort', done)
      resolve()
    }
    response.once('drain', done)
    signal.addEventListener('abort', done, { once: true })
  })
}
