/**
 * One request to a fal app (fal.run's synchronous form): the app, the `Authorization: Key …` header,
 * limits, the input schema, then the scripted delay and fault, then the images inline as data URIs.
 */

import { ApiError } from '../api-error.js'
import type { Exchange } from '../exchange.js'
import { playRule } from '../faults/rule-for-request.js'
import { type AnswerFrame, isTransportFault, sendTransportFault } from '../faults/transport-faults.js'
import type { Fault } from '../faults/types.js'
import { drawImage, drawKey } from '../images/draw.js'
import type { ImageJob } from '../job.js'
import { readBody } from '../parse/read-body.js'
import { recordJsonBody } from '../record.js'
import { base64, faultedFormat } from '../respond/answer.js'
import { falError, falLimit, falRateLimited } from './fal-error.js'
import { isFalApp, validateFal } from './validate.js'

export async function handleFalRequest(exchange: Exchange, app: string) {
  const { state, request, record } = exchange
  const { options } = state
  if (request.method !== 'POST') throw falError(405, 'Method Not Allowed')
  if (!isFalApp(app)) throw falError(404, `Application '${app}' not found`)
  const bytes = await readBody(request, options.maxBodyBytes)
  // Recorded before the key is checked (as the Gemini handler does); refused as not JSON after the limits.
  const body = recordJsonBody(record, bytes)
  const key = /^Key\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
  if (!key) throw falError(401, 'No authentication provided: pass an Authorization: Key <key> header')
  if (options.apiKey !== undefined && key !== options.apiKey) throw falError(401, 'Invalid key')
  try {
    state.inFlight.admit()
    state.rateLimits.takeRequest(app)
  } catch (error) {
    throw error instanceof ApiError ? falLimit(error) : error
  }
  if (!body) throw falError(422, [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }])
  const job = validateFal(app, body.value)
  record.model = app
  record.endpoint = 'generations'
  const played = await playRule(exchange, job)
  if (!played) return
  const { fault } = played
  const error = fault && falFaultError(fault)
  if (error) throw error
  await answerFal(exchange, job, fault, (body.value as { sync_mode?: boolean }).sync_mode === true)
}

function falFaultError(fault: Fault): ApiError | undefined {
  switch (fault.kind) {
    case 'status':
      return fault.body === undefined
        ? falError(fault.status, fault.message ?? `HTTP ${fault.status}`, fault.headers)
        : new ApiError(
            fault.status,
            { message: fault.body, type: String(fault.status), param: null, code: null },
            { body: fault.body, ...(fault.headers ? { headers: fault.headers } : {}) },
          )
    case 'rate-limit':
      return falRateLimited(fault.retryAfterMs ?? (fault.retryAfterSeconds ?? 1) * 1000)
    case 'insufficient-quota':
      return falError(
        403,
        'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.',
      )
    default:
      return undefined
  }
}

/** The app's answer; `moderation` is what fal's safety checker does: a black image, flagged. */
async function answerFal(exchange: Exchange, job: ImageJob, fault: Fault | undefined, inline: boolean) {
  const format = faultedFormat(job, fault)
  const images = await Promise.all(
    Array.from({ length: job.n }, (_, index) =>
      exchange.state.renderCache(drawKey(job, index, { format }), () => drawImage(job, index, { format })),
    ),
  )
  const type = `image/${format}`
  const flagged = fault?.kind === 'moderation'
  const served = (bytes: Buffer) =>
    inline
      ? `data:${type};base64,${base64(bytes, fault)}`
      : exchange.origin + exchange.state.files.put(bytes, format)
  const answer = {
    images: images.map((bytes) => ({
      url: served(bytes),
      width: job.width,
      height: job.height,
      content_type: type,
    })),
    timings: { inference: 0.4 },
    seed: 42,
    has_nsfw_concepts: images.map(() => flagged),
    prompt: job.prompt,
  }
  const frame: AnswerFrame = { head: `{"images":[{"url":"data:${type};base64,`, tail: '"}]}' }
  const body = Buffer.from(JSON.stringify(answer))
  if (isTransportFault(fault)) return sendTransportFault(exchange, fault, body, frame)
  exchange.send(200, body, 'application/json')
}
