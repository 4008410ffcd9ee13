/** The `ImagesResponse` object: `created`, `data`, and for GPT image models the echo and `usage`. */

import { answerFormat } from '../images/draw.js'
import type { ImageJob } from '../job.js'
import { imagesUsage } from './usage.js'

export type DataItem =
  | { b64_json: string; revised_prompt?: string }
  | { url: string; revised_prompt?: string }

/** dall-e-3 rewrites prompts; the fake's rewrite is fixed so tests can expect it. */
export function revisedPrompt(job: ImageJob): string | undefined {
  if (job.family !== 'dall-e-3') return undefined
  const manner = job.style === 'natural' ? 'a natural, understated' : 'a vivid, dramatic'
  return `${job.prompt}, rendered in ${manner} style with careful lighting and composition.`
}

export function imagesResponse(job: ImageJob, data: DataItem[], created: number): Record<string, unknown> {
  if (job.family !== 'gpt-image') return { created, data }
  return {
    created,
    data,
    background: job.background,
    output_format: answerFormat(job),
    size: job.size,
    quality: job.quality,
    usage: imagesUsage(job),
  }
}
