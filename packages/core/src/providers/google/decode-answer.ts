import { ProviderError } from '../errors.js'
import { parseJsonAnswer } from '../http/attempt.js'
import { type AnswerContext, checkedImage, decodeBase64, failAnswer } from '../image-bytes.js'
import type { GeneratedImage, Usage } from '../types.js'

export interface DecodedAnswer {
  images: GeneratedImage[]
  usage?: Usage
  requestId?: string
}

/** Finish reasons that mean the model refused on safety or policy grounds: the same request will not pass. */
const REFUSED = new Set([
  'SAFETY',
  'IMAGE_SAFETY',
  'PROHIBITED_CONTENT',
  'IMAGE_PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'RECITATION',
  'IMAGE_RECITATION',
])

interface Part {
  text?: unknown
  inlineData?: { mimeType?: unknown; data?: unknown }
}

/** A `GenerateContentResponse`: the image parts of the first candidate, or why there are none. */
export async function decodeGeminiAnswer(text: string, context: AnswerContext): Promise<DecodedAnswer> {
  const answer = parseJsonAnswer(text, context.entry, context.requestId) as {
    candidates?: { content?: { parts?: Part[] }; finishReason?: string }[]
    promptFeedback?: { blockReason?: string }
    usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; totalTokenCount?: number }
    responseId?: unknown
  }
  const requestId = typeof answer?.responseId === 'string' ? answer.responseId.slice(0, 100) : undefined
  const where = { ...context, requestId: context.requestId ?? requestId }
  const blocked = answer?.promptFeedback?.blockReason
  if (blocked) refused(where, `the prompt was blocked (${blocked})`)
  const candidate = Array.isArray(answer?.candidates) ? answer.candidates[0] : undefined
  const parts = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : []
  const imageParts = parts.filter((part) => typeof part?.inlineData?.data === 'string')
  if (imageParts.length === 0) {
    const reason = candidate?.finishReason
    if (reason && REFUSED.has(reason)) refused(where, `the model declined to draw it (${reason})`)
    const said = parts.find((part) => typeof part?.text === 'string')?.text as string | undefined
    failAnswer(where, `the answer holds no image${said ? `, only text: ${said.slice(0, 200)}` : ''}`, true)
  }
  const images = await Promise.all(
    imageParts.map((part) => checkedImage(decodeBase64(part.inlineData?.data as string, where), where)),
  )
  const usage = answer.usageMetadata
  return {
    images,
    ...(requestId ? { requestId } : {}),
    ...(usage
      ? {
          usage: {
            input_tokens: usage.promptTokenCount,
            output_tokens: usage.candidatesTokenCount,
            total_tokens: usage.totalTokenCount,
          },
        }
      : {}),
  }
}

/** An Imagen `predict` answer: `predictions[].bytesBase64Encoded`; filtered images are left out by the API. */
export async function decodeImagenAnswer(text: string, context: AnswerContext): Promise<DecodedAnswer> {
  const answer = parseJsonAnswer(text, context.entry, context.requestId) as {
    predictions?: { bytesBase64Encoded?: unknown; raiFilteredReason?: unknown }[]
  }
  const predictions = Array.isArray(answer?.predictions) ? answer.predictions : []
  const encoded = predictions.filter((prediction) => typeof prediction?.bytesBase64Encoded === 'string')
  if (encoded.length === 0) {
    const reason = predictions.find((prediction) => typeof prediction?.raiFilteredReason === 'string')
    refused(
      context,
      reason
        ? `every image was filtered: ${String(reason.raiFilteredReason).slice(0, 300)}`
        : 'the answer holds no image: Imagen leaves out images its safety filters remove',
    )
  }
  const images = await Promise.all(
    encoded.map((prediction) =>
      checkedImage(decodeBase64(prediction.bytesBase64Encoded as string, context), context),
    ),
  )
  return { images }
}

function refused(context: AnswerContext, problem: string): never {
  throw new ProviderError('PROVIDER_MODERATION', problem, {
    entry: context.entry,
    requestId: context.requestId,
    retryable: false,
    hint: 'reword the prompt (or the style); retrying the same request will not help',
  })
}
