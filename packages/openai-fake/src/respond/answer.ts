/**
 * The 200 for a validated job: draw `n` images, encode them as `b64_json` or a `url` the fake serves,
 * then send JSON or stream events — with the payload and transport faults applied on the way.
 */

import type { Exchange } from '../exchange.js'
import { imagesFrame, isTransportFault, sendTransportFault } from '../faults/transport-faults.js'
import type { Fault } from '../faults/types.js'
import { answerFormat, type DrawOptions, drawImage, drawKey } from '../images/draw.js'
import type { ImageJob, OutputFormat } from '../job.js'
import { type DataItem, imagesResponse, revisedPrompt } from './images-response.js'
import { streamAnswer } from './stream.js'

export async function answerJob(exchange: Exchange, job: ImageJob, fault: Fault | undefined): Promise<void> {
  const created = Math.floor(exchange.state.options.now() / 1000)
  const format = faultedFormat(job, fault)
  const cached = (index: number, options: DrawOptions) =>
    exchange.state.renderCache(drawKey(job, index, options), () => drawImage(job, index, options))
  const draw = (index: number) => cached(index, { format })

  if (job.stream && !isTransportFault(fault)) {
    const toBase64 = (bytes: Buffer) => base64(bytes, fault)
    return streamAnswer(
      exchange,
      job,
      {
        final: async (index) => toBase64(await draw(index)),
        partial: async (index, partial) =>
          toBase64(await cached(index, { format, blur: 24 / (partial + 1) })),
      },
      created,
      fault,
    )
  }

  const images = await Promise.all(Array.from({ length: job.n }, (_, index) => draw(index)))
  const data = images.map((bytes) => dataItem(exchange, job, bytes, format, fault))
  const body = Buffer.from(JSON.stringify(imagesResponse(job, data, created)))
  if (isTransportFault(fault)) return sendTransportFault(exchange, fault, body, imagesFrame(created))
  exchange.send(200, body, 'application/json')
}

/** The format to draw in: the job's, or another one under the `wrong-format` fault. */
export function faultedFormat(job: ImageJob, fault: Fault | undefined): OutputFormat {
  if (fault?.kind !== 'wrong-format') return answerFormat(job)
  return fault.format ?? (answerFormat(job) === 'png' ? 'jpeg' : 'png')
}

function dataItem(
  exchange: Exchange,
  job: ImageJob,
  bytes: Buffer,
  format: OutputFormat,
  fault: Fault | undefined,
): DataItem {
  const revised = revisedPrompt(job)
  const extra = revised === undefined ? {} : { revised_prompt: revised }
  if (fault?.kind === 'url') return { url: fault.url ?? servedUrl(exchange, bytes, format), ...extra }
  if (job.responseFormat === 'url') return { url: servedUrl(exchange, bytes, format), ...extra }
  return { b64_json: base64(bytes, fault), ...extra }
}

function servedUrl(exchange: Exchange, bytes: Buffer, format: OutputFormat): string {
  return exchange.origin + exchange.state.files.put(bytes, format)
}

/** `invalid-base64` puts a character outside the alphabet first: strict decoders refuse it, and
 * lenient ones (Node's Buffer skips it) decode misaligned bytes that are no longer the image. */
export function base64(bytes: Buffer, fault: Fault | undefined): string {
  const encoded = bytes.toString('base64')
  return fault?.kind === 'invalid-base64' ? `!${encoded.slice(1)}` : encoded
}
