import sharp from 'sharp'
import { detectImageFormat } from '../image-type.js'
import { ProviderError } from './errors.js'
import type { GeneratedImage } from './types.js'

export interface AnswerContext {
  entry: string
  requestId: string | undefined
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Base64 from an answer, decoded strictly: Node's decoder would skip bad characters and return other bytes. */
export function decodeBase64(text: string, context: AnswerContext): Buffer {
  const compact = text.replace(/\s+/g, '')
  if (compact.length % 4 !== 0 || !BASE64.test(compact))
    failAnswer(context, 'the answer holds invalid base64', true)
  return Buffer.from(compact, 'base64')
}

/** Answer bytes as an image: the format read from the bytes (never from what the API said), decodable, sized. */
export async function checkedImage(
  bytes: Buffer,
  context: AnswerContext,
  revisedPrompt?: string,
): Promise<GeneratedImage> {
  const format =
    detectImageFormat(bytes) ?? failAnswer(context, 'the answer holds bytes that are not an image', true)
  const { width, height } = await sharp(bytes)
    .metadata()
    .catch(() => failAnswer(context, `the answer holds a ${format} image that does not decode`, true))
  if (!width || !height) failAnswer(context, 'the answer holds an image without dimensions', true)
  return { bytes, format, width, height, ...(revisedPrompt ? { revisedPrompt } : {}) }
}

/** An answer that cannot be used: retryable when a fresh attempt may well come back whole. */
export function failAnswer(context: AnswerContext, problem: string, retryable: boolean): never {
  throw new ProviderError('PROVIDER_RESPONSE', problem, {
    entry: context.entry,
    requestId: context.requestId,
    retryable,
    // Every problem here is in a 2xx answer, which the service may have charged for.
    billed: true,
  })
}
