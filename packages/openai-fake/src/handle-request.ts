/**
 * One API request, in the order the service applies its checks: route, body, key, concurrency and
 * rate limits, validation, then the scripted delay and fault, then the answer.
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError, invalidRequest } from './api-error.js'
import { checkAuth } from './auth.js'
import { azureNotFound, deploymentModel } from './azure-deployments.js'
import { Exchange } from './exchange.js'
import { handleFalRequest } from './fal/handle.js'
import { faultError } from './faults/fault-errors.js'
import { playRule } from './faults/rule-for-request.js'
import { handleGoogleRequest } from './google/handle.js'
import type { ImageJob } from './job.js'
import { readBody } from './parse/read-body.js'
import { type ParsedBody, parseRequestBody } from './parse/request-body.js'
import { recordBody } from './record.js'
import { answerJob } from './respond/answer.js'
import { imagesUsage } from './respond/usage.js'
import { type Route, resolveRoute } from './routes.js'
import { serveFile } from './serve-file.js'
import type { ServerState } from './server-state.js'
import type { Endpoint } from './spec/models.js'
import { validateEdit } from './validate/edit.js'
import { validateGeneration } from './validate/generation.js'
import { validateVariation } from './validate/variation.js'

export async function handleRequest(state: ServerState, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://fake.invalid')
  const route = resolveRoute(url)
  if (route.kind === 'file') return serveFile(state, request, response, route.name)
  const exchange = new Exchange(state, request, response, route, url)
  try {
    if (route.kind === 'google') await handleGoogleRequest(exchange, route.model, route.method, url)
    else if (route.kind === 'fal') await handleFalRequest(exchange, route.app)
    else await handleApiRequest(exchange, route)
  } catch (error) {
    exchange.sendError(error instanceof ApiError ? error : internalError(error))
  }
}

async function handleApiRequest(exchange: Exchange, route: Route): Promise<void> {
  const { state, request, record } = exchange
  const { options } = state
  if (route.kind === 'azure-resource-not-found') throw azureNotFound('404', 'Resource not found')
  if (route.kind !== 'images')
    throw new ApiError(404, {
      message: `Invalid URL (${request.method} ${record.path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    })
  if (request.method !== 'POST')
    throw new ApiError(405, {
      message: `Invalid method for URL (${request.method} ${record.path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    })

  const bytes = await readBody(request, options.maxBodyBytes)
  const body = (() => {
    try {
      const parsed = parseRequestBody(record.contentType, bytes)
      recordBody(record, parsed)
      return parsed
    } catch (error) {
      record.bodyText = bytes.subarray(0, 2048).toString('utf8')
      return error as ApiError
    }
  })()

  checkAuth(route.api, request.headers, options.apiKey)
  state.inFlight.admit()
  const fixedModel = route.api === 'azure' ? deploymentModel(state, route.deployment, body) : undefined
  state.rateLimits.takeRequest(fixedModel)
  exchange.rateLimitHeaders = state.rateLimits.headers()
  if (body instanceof ApiError) throw body

  const job = await validate(route.endpoint, body, fixedModel)
  if (job.stream && !options.streaming)
    throw invalidRequest("Unknown parameter: 'stream'.", 'stream', 'unknown_parameter')
  record.model = job.model
  state.rateLimits.takeTokens(imagesUsage(job)?.total_tokens ?? 0, job.model)
  exchange.rateLimitHeaders = state.rateLimits.headers()

  const played = await playRule(exchange, job)
  if (!played) return
  const { fault } = played
  const error = fault && faultError(fault, job, exchange.requestId)
  if (error) throw error
  await answerJob(exchange, job, fault)
}

function validate(endpoint: Endpoint, body: ParsedBody, fixedModel?: string): ImageJob | Promise<ImageJob> {
  if (endpoint === 'generations') return validateGeneration(body, fixedModel)
  if (endpoint === 'edits') return validateEdit(body, fixedModel)
  return validateVariation(body, fixedModel)
}

function internalError(error: unknown): ApiError {
  return new ApiError(500, {
    message: `The fake server failed: ${error instanceof Error ? error.message : String(error)}`,
    type: 'server_error',
    param: null,
    code: null,
  })
}
