/**
 * One Gemini API request, in the order Google's front end applies its checks: the model and method,
 * the body, the key, limits, the schema and the model's rules, then the scripted delay and fault.
 */

import { ApiError } from '../api-error.js'
import type { Exchange } from '../exchange.js'
import { playRule } from '../faults/rule-for-request.js'
import type { Fault } from '../faults/types.js'
import { readBody } from '../parse/read-body.js'
import { recordJsonBody } from '../record.js'
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
  // Recorded before the key is checked; refused as not JSON after the limits, as the service answers.
  const body = recordJsonBody(record, bytes)
  const denied = checkGoogleAuth(request.headers, url, options.apiKey)
  if (denied) throw denied
  try {
    state.inFlight.admit()
    state.rateLimits.takeRequest(name)
  } catch (error) {
    throw error instanceof ApiError ? asGoogleLimit(error, name) : error
  }
  if (!body) throw invalidArgument('Invalid JSON payload received. Unexpected token.')

  const job = await validateGoogle(name, model, body.value)
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
