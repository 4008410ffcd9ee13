/**
 * Token usage as GPT image models report it. Output tokens follow the published 1024x1024 numbers
 * (272/1056/4160 for low/medium/high) scaled by pixel area; each streamed partial image adds 100.
 * Input tokens are estimates: ~4 characters per text token; input images by 512px tiles.
 */

import type { ImageJob } from '../job.js'
import { OUTPUT_TOKENS_1024 } from '../spec/models.js'

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
  const textTokens = Math.max(1, Math.ceil([...(job.prompt ?? '')].length / 4))
  const imageTokens = [...job.inputs, ...(job.mask ? [job.mask] : [])].reduce(
    (sum, input) => sum + inputImageTokens(input.width, input.height),
    0,
  )
  const partials = job.stream ? job.partialImages * PARTIAL_IMAGE_TOKENS : 0
  const outputTokens = images * (outputTokensPerImage(job) + partials)
  return {
    input_tokens: textTokens + imageTokens,
    input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
    output_tokens: outputTokens,
    output_tokens_details: { image_tokens: outputTokens, text_tokens: 0 },
    total_tokens: textTokens + imageTokens + outputTokens,
  }
}

export function outputTokensPerImage(job: Pick<ImageJob, 'quality' | 'width' | 'height'>): number {
  const at1024 =
    OUTPUT_TOKENS_1024[job.quality as keyof typeof OUTPUT_TOKENS_1024] ?? OUTPUT_TOKENS_1024.medium
  return Math.round((at1024 * job.width * job.height) / (1024 * 1024))
}

/** Fit within 2048x2048, shortest side at most 768, then 85 + 170 per 512px tile. */
function inputImageTokens(width: number, height: number): number {
  const fit = Math.min(1, 2048 / Math.max(width, height))
  const scale = fit * Math.min(1, 768 / (Math.min(width, height) * fit))
  const tiles = Math.ceil((width * scale) / 512) * Math.ceil((height * scale) / 512)
  return 85 + 170 * tiles
}
