/**
 * Streaming (`stream: true`): server-sent events, `partial_images` blurred previews then one
 * `…completed` event per image, named `image_generation.*` or `image_edit.*` by endpoint; paced by
 * `streamIntervalMs`, and broken on request by the `stream-cut` and `stream-error` faults.
 */

import type { Exchange } from '../exchange.js'
import { delayFor, sleep } from '../faults/delay.js'
import type { Fault } from '../faults/types.js'
import { answerFormat } from '../images/draw.js'
import type { ImageJob } from '../job.js'
import { imagesUsage } from './usage.js'

export interface StreamImages {
  /** The final image's base64 (after payload faults). */
  final(index: number): Promise<string>
  /** A partial image's base64. */
  partial(index: number, partialIndex: number): Promise<string>
}

type StreamFault = Extract<Fault, { kind: 'stream-cut' | 'stream-error' }>

export function isStreamFault(fault: Fault | undefined): fault is StreamFault {
  return fault?.kind === 'stream-cut' || fault?.kind === 'stream-error'
}

export async function streamAnswer(
  exchange: Exchange,
  job: ImageJob,
  images: StreamImages,
  created: number,
  fault: Fault | undefined,
) {
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
  exchange.response.flushHeaders()
  const breakAt = isStreamFault(fault) ? (fault.afterEvents ?? job.partialImages) : Number.POSITIVE_INFINITY
  const interval = exchange.state.options.streamIntervalMs
  let sent = 0
  /** Sends one event after the pacing wait; false once the stream is over (client gone or broken here). */
  const send = async (type: string, payload: () => Promise<Record<string, unknown>>) => {
    if (!(await sleep(delayFor(interval, exchange.record.seq), exchange.signal))) return false
    if (sent === breakAt && isStreamFault(fault)) {
      breakStream(exchange, fault)
      return false
    }
    sent++
    const event = `event: ${type}\ndata: ${JSON.stringify({ type, ...(await payload()) })}\n\n`
    // Flushed before the next step, so a cut that follows never swallows an event already sent.
    await new Promise((resolve) => exchange.response.write(event, resolve))
    return true
  }
  for (let index = 0; index < job.n; index++) {
    for (let partial = 0; partial < job.partialImages; partial++) {
      const b64 = () => images.partial(index, partial)
      if (
        !(await send(`${prefix}.partial_image`, async () => ({
          b64_json: await b64(),
          ...shared,
          partial_image_index: partial,
        })))
      )
        return
    }
    const usage = imagesUsage(job, 1)
    if (
      !(await send(`${prefix}.completed`, async () => ({
        b64_json: await images.final(index),
        ...shared,
        usage,
      })))
    )
      return
  }
  if (sent === breakAt && isStreamFault(fault)) return breakStream(exchange, fault)
  exchange.response.end()
}

function breakStream(exchange: Exchange, fault: StreamFault): void {
  if (fault.kind === 'stream-cut') {
    if (fault.clean) exchange.response.end()
    else exchange.response.socket?.destroy()
    return
  }
  const error = {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: fault.code ?? 'server_error',
  }
  exchange.record.error = error
  exchange.response.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\n`)
}
