/**
 * One Gemini API request, in the order Google's front end applies its checks: the model and method,
 * the body, the key, limits, the schema and the model's rules, then the scripted delay and fault.
 */

import { ApiError } from '../api-error.js'
import type { Exchange } from '../exchange.js'
import { playRule } from '../faults/rule-for-request.js'
import type { Fault } from '../faults/types.js'
import { readBody } from '../parse/read-body.js'
import { answerGoogleJob } from './answer.js'
import { checkGoogleAuth } from './auth.js'
import { asGoogleLimit, googleError, invalidArgument, quotaExhausted, rateLimited } from './google-error.js'
import { googleModel, validateGoogle } from './validate.js'

export async function handleGoogleRequest(exchange: Exchange, name: string, method: string, url: URL) {
  const { state, request, record } = exchange
  const { options } = state
  if (request.method !== 'POST') throw googleError(404, `Method not found: ${request.method} ${record.path}`)
  const model = googleModel(name, method)
  const bytes = await readBody(request, options.maxBodyBytes)
  let body: unknown
  try {
    body = JSON.parse(bytes.toString('utf8'))
    record.body = body
  } catch {
    record.bodyText = bytes.subarray(0, 2048).toString('utf8')
    body = new ApiError(400, { message: '', type: '', param: null, code: null })
  }
  const denied = checkGoogleAuth(request.headers, url, options.apiKey)
  if (denied) throw denied
  try {
    state.inFlight.admit()
    state.rateLimits.takeRequest(name)
  } catch (error) {
    throw error instanceof ApiError ? asGoogleLimit(error, name) : error
  }
  if (body instanceof ApiError) throw invalidArgument('Invalid JSON payload received. Unexpected token.')

  const job = await validateGoogle(name, model, body)
  record.model = job.model
  record.endpoint = job.endpoint
  const played = await playRule(exchange, job)
  if (!played) return
  const { fault } = played
  const error = fault && googleFaultError(fault, name)
  if (error) throw error
  await answerGoogleJob(exchange, job, fault)
}

/** The error answer a fault stands for in Google's shapes, or undefined for faults that shape a 200. */
function googleFaultError(fault: Fault, model: string): ApiError | undefined {
  switch (fault.kind) {
    case 'status':
      return googleError(fault.status, fault.message, [], {
        ...(fault.headers ? { headers: fault.headers } : {}),
        ...(fault.body !== undefined ? { body: fault.body } : {}),
      })
    case 'rate-limit':
      return rateLimited(model, fault.retryAfterMs ?? (fault.retryAfterSeconds ?? 1) * 1000)
    case 'insufficient-quota':
      return quotaExhausted(model)
    default:
      return undefined
  }
}
