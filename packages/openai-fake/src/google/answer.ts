/**
 * The 200 of a Gemini or Imagen request, with faults applied the way Google's API shows them: a
 * refused prompt is a 200 with `promptFeedback.blockReason` (Gemini) or with no predictions (Imagen,
 * which leaves filtered images out); a refused image (`moderation` `on: 'image'`) is Gemini's
 * candidate that ends with `finishReason: IMAGE_SAFETY` and holds no image.
 */

import type { Exchange } from '../exchange.js'
import { type AnswerFrame, isTransportFault, sendTransportFault } from '../faults/transport-faults.js'
import type { Fault } from '../faults/types.js'
import { drawImage, drawKey } from '../images/draw.js'
import type { ImageJob } from '../job.js'
import { base64, faultedFormat } from '../respond/answer.js'

const GEMINI_FRAME: AnswerFrame = {
  head: '{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"',
  tail: '"}}]},"finishReason":"STOP","index":0}]}',
}
const IMAGEN_FRAME: AnswerFrame = {
  head: '{"predictions":[{"mimeType":"image/png","bytesBase64Encoded":"',
  tail: '"}]}',
}

export async function answerGoogleJob(
  exchange: Exchange,
  job: ImageJob,
  fault: Fault | undefined,
): Promise<void> {
  const imagen = job.family === 'imagen'
  if (fault?.kind === 'moderation') {
    const gemini = fault.on === 'image' ? geminiImageRefused(job, exchange) : geminiBlocked(job)
    exchange.sendJson(200, imagen ? {} : gemini)
    return
  }
  const format = faultedFormat(job, fault)
  const images = await Promise.all(
    Array.from({ length: job.n }, (_, index) =>
      exchange.state.renderCache(drawKey(job, index, { format }), () => drawImage(job, index, { format })),
    ),
  )
  const data = images.map((bytes) => base64(bytes, fault))
  const body = Buffer.from(
    JSON.stringify(imagen ? imagenAnswer(data) : geminiAnswer(job, data[0] ?? '', exchange)),
  )
  if (isTransportFault(fault))
    return sendTransportFault(exchange, fault, body, imagen ? IMAGEN_FRAME : GEMINI_FRAME)
  exchange.send(200, body, 'application/json; charset=UTF-8')
}

function imagenAnswer(data: string[]) {
  return { predictions: data.map((bytesBase64Encoded) => ({ mimeType: 'image/png', bytesBase64Encoded })) }
}

/** Image output is billed as tokens: 1290 for a 1K image, 1120 a tile for Gemini 3 Pro's larger ones. */
function geminiAnswer(job: ImageJob, data: string, exchange: Exchange) {
  const promptTokens = Math.ceil((job.prompt?.length ?? 0) / 4) + 258 * job.inputs.length
  const imageTokens = job.quality === '4K' ? 2000 : job.quality === '2K' ? 1120 : 1290
  return {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { text: 'Here is the image you asked for.' },
            { inlineData: { mimeType: 'image/png', data } },
          ],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: promptTokens,
      candidatesTokenCount: imageTokens,
      totalTokenCount: promptTokens + imageTokens,
    },
    modelVersion: job.model,
    responseId: exchange.requestId.slice(4, 26),
  }
}

function promptTokens(job: ImageJob) {
  return Math.ceil((job.prompt?.length ?? 0) / 4)
}

function geminiBlocked(job: ImageJob) {
  return {
    promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
    usageMetadata: { promptTokenCount: promptTokens(job), totalTokenCount: 0 },
    modelVersion: job.model,
  }
}

/** The prompt passed, the drawn image did not: a candidate with no content, ended by IMAGE_SAFETY. */
function geminiImageRefused(job: ImageJob, exchange: Exchange) {
  return {
    candidates: [{ finishReason: 'IMAGE_SAFETY', index: 0 }],
    usageMetadata: { promptTokenCount: promptTokens(job), totalTokenCount: promptTokens(job) },
    modelVersion: job.model,
    responseId: exchange.requestId.slice(4, 26),
  }
}
