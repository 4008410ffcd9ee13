/**
 * Token usage as GPT image models report it, following the counts OpenAI publishes (spec/tokens.ts):
 * output tokens per image by model, quality and size; input images by tiles; text at ~4 characters a
 * token plus the prompt's overhead. Each image asked for bills the whole input again, as `n`
 * requests would; each streamed partial image adds 100 output tokens.
 */

import type { ImageJob } from '../job.js'
import { inputImageTokens, outputTokens, PROMPT_OVERHEAD } from '../spec/tokens.js'

export interface ImagesUsage {
  input_tokens: number
  input_tokens_details: { text_tokens: number; image_tokens: number }
  output_tokens: number
  output_tokens_details: { image_tokens: number; text_tokens: number }
  total_tokens: number
}

const PARTIAL_IMAGE_TOKENS = 100

/** Usage for `images` of the job's images (all of them by default); undefined for DALL·E. */
export function imagesUsage(job: ImageJob, images = job.n): ImagesUsage | undefined {
  if (job.family !== 'gpt-image') return undefined
  const textTokens = images * (Math.ceil([...(job.prompt ?? '')].length / 4) + PROMPT_OVERHEAD)
  const highFidelity = job.inputFidelity === 'high'
  const imageTokens =
    images *
    [...job.inputs, ...(job.mask ? [job.mask] : [])].reduce(
      (sum, input) => sum + inputImageTokens(input.width, input.height, highFidelity),
      0,
    )
  const partials = job.stream ? job.partialImages * PARTIAL_IMAGE_TOKENS : 0
  const outputTokenCount = images * (outputTokensPerImage(job) + partials)
  return {
    input_tokens: textTokens + imageTokens,
    input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
    output_tokens: outputTokenCount,
    output_tokens_details: { image_tokens: outputTokenCount, text_tokens: 0 },
    total_tokens: textTokens + imageTokens + outputTokenCount,
  }
}

export function outputTokensPerImage(job: Pick<ImageJob, 'model' | 'quality' | 'width' | 'height'>): number {
  return outputTokens(job.model, job.quality, job.width, job.height)
}
