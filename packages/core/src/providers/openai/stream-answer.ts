import { detectImageFormat } from '../../image-type.js'
import { ProviderError } from '../errors.js'
import type { StreamedAnswer } from '../http/attempt.js'
import { type EventSourceMessage, readEventStream } from '../http/event-stream.js'
import { checkedImage, decodeBase64 } from '../image-bytes.js'
import type { GeneratedImage, PartialImagesRequest, Usage } from '../types.js'
import { type ErrorContext, errorFromResponse } from './error-mapping.js'

/** The event types of a streamed answer (spec 2.3.0), by endpoint; each carries its own `type` too. */
const PARTIAL = new Set(['image_generation.partial_image', 'image_edit.partial_image'])
const COMPLETED = new Set(['image_generation.completed', 'image_edit.completed'])

interface StreamEvent {
  type?: unknown
  b64_json?: unknown
  partial_image_index?: unknown
  usage?: unknown
  error?: unknown
}

export interface StreamedImages {
  images: GeneratedImage[]
  usage?: Usage
}

/**
 * A streamed answer (`stream: true`): previews go to `partials` as they arrive, each `completed` event
 * is one final image, decoded and checked exactly as a `b64_json` of the JSON answer is, and the usage
 * of all of them is added up. An `error` event is the service's error, billed (it came in a 2xx); a
 * stream that ends before `expected` images were completed is a retryable, billed failure.
 */
export async function decodeStreamAnswer(
  answer: StreamedAnswer,
  expected: number,
  maxBytes: number,
  context: ErrorContext,
  partials: PartialImagesRequest | undefined,
): Promise<StreamedImages> {
  const { entry, requestId } = context
  const answerContext = { entry, requestId }
  const images: GeneratedImage[] = []
  let usage: Usage | undefined
  await readEventStream(answer.body, maxBytes, async (message) => {
    const event = parseEvent(message, context)
    const type = String(event.type ?? message.event ?? '')
    if (message.event === 'error' || type === 'error' || (event.error && typeof event.error === 'object')) {
      throw streamError(event, answer, context)
    }
    if (PARTIAL.has(type)) return showPartial(event, images.length, partials)
    if (!COMPLETED.has(type)) return
    if (typeof event.b64_json !== 'string') {
      throw streamFailure(context, 'a completed event of the stream holds no image')
    }
    images.push(await checkedImage(decodeBase64(event.b64_json, answerContext), answerContext))
    usage = addUsage(usage, event.usage)
  })
  if (images.length < expected) {
    throw streamFailure(
      context,
      `the stream ended after ${images.length} of ${expected} image${expected === 1 ? '' : 's'}`,
    )
  }
  return usage ? { images, usage } : { images }
}

function parseEvent(message: EventSourceMessage, context: ErrorContext): StreamEvent {
  try {
    const parsed = JSON.parse(message.data) as unknown
    if (parsed && typeof parsed === 'object') return parsed as StreamEvent
  } catch {}
  throw streamFailure(context, 'an event of the stream is not a JSON object')
}

/** A preview is only shown: one that does not decode is skipped, and the caller's failure is not ours. */
function showPartial(event: StreamEvent, index: number, partials: PartialImagesRequest | undefined): void {
  if (!partials || typeof event.b64_json !== 'string') return
  const bytes = Buffer.from(event.b64_json, 'base64')
  const format = detectImageFormat(bytes)
  if (!format) return
  const partialIndex = typeof event.partial_image_index === 'number' ? event.partial_image_index : 0
  try {
    partials.onPartial({ index, partialIndex, bytes, format })
  } catch {}
}

/** The error event's body mapped as an HTTP error answer of its kind would be. */
function streamError(event: StreamEvent, answer: StreamedAnswer, context: ErrorContext): ProviderError {
  const error = (event.error ?? event) as { type?: unknown }
  const status = error.type === 'invalid_request_error' ? 400 : 500
  return errorFromResponse(status, answer.headers, JSON.stringify({ error }), { ...context, billed: true })
}

function streamFailure(context: ErrorContext, problem: string): ProviderError {
  return new ProviderError('PROVIDER_RESPONSE', problem, {
    entry: context.entry,
    requestId: context.requestId,
    retryable: true,
    billed: true,
  })
}

/** Each completed event reports its own image's usage: the answer's is their sum, field by field. */
function addUsage(total: Usage | undefined, more: unknown): Usage | undefined {
  if (!more || typeof more !== 'object') return total
  if (!total) return structuredClone(more as Usage)
  return sumInto(total, more as Record<string, unknown>) as Usage
}

function sumInto(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(source)) {
    const current = target[name]
    if (typeof value === 'number') target[name] = (typeof current === 'number' ? current : 0) + value
    else if (value && typeof value === 'object')
      target[name] = sumInto(
        current && typeof current === 'object' ? (current as Record<string, unknown>) : {},
        value as Record<string, unknown>,
      )
  }
  return target
}
