/**
 * Streaming (`stream: true`): server-sent events, `partial_images` blurred previews then one
 * `…completed` event per image, named `image_generation.*` or `image_edit.*` by endpoint.
 */

import type { Exchange } from '../exchange.js'
import { answerFormat } from '../images/draw.js'
import type { ImageJob } from '../job.js'
import { imagesUsage } from './usage.js'

export interface StreamImages {
  /** The final image's base64 (after payload faults). */
  final(index: number): Promise<string>
  /** A partial image's base64. */
  partial(index: number, partialIndex: number): Promise<string>
}

export async function streamAnswer(exchange: Exchange, job: ImageJob, images: StreamImages, created: number) {
  const prefix = job.endpoint === 'edits' ? 'image_edit' : 'image_generation'
  const shared = {
    created_at: created,
    size: job.size,
    quality: job.quality,
    background: job.background,
    output_format: answerFormat(job),
  }
  exchange.writeHead(200, {
    ...exchange.headers(),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  })
  const send = (type: string, payload: Record<string, unknown>) =>
    exchange.response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`)
  for (let index = 0; index < job.n; index++) {
    for (let partial = 0; partial < job.partialImages; partial++) {
      if (exchange.signal.aborted) return
      const b64_json = await images.partial(index, partial)
      send(`${prefix}.partial_image`, { b64_json, ...shared, partial_image_index: partial })
    }
    if (exchange.signal.aborted) return
    const b64_json = await images.final(index)
    send(`${prefix}.completed`, { b64_json, ...shared, usage: imagesUsage(job, 1) })
  }
  exchange.response.end()
}
