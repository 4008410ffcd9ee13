/**
 * One API request, in the order the service applies its checks: route, body, key, concurrency and
 * rate limits, validation, then the scripted delay and fault, then the answer.
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from './api-error.js'
import { checkAuth } from './auth.js'
import { Exchange } from './exchange.js'
import { delayFor, sleep } from './faults/delay.js'
import { faultError } from './faults/fault-errors.js'
import { promptMarkerRule } from './faults/prompt-marker.js'
import type { FaultRule } from './faults/types.js'
import { readBody } from './http/read-body.js'
import type { ImageJob } from './job.js'
import { parseRequestBody } from './parse/request-body.js'
import { recordBody } from './record.js'
import { answerJob } from './respond/answer.js'
import { imagesUsage } from './respond/usage.js'
import { type Route, resolveRoute } from './routes.js'
import { serveFile } from './serve-file.js'
import type { ServerState } from './server-state.js'
import { MODELS } from './spec/models.js'
import { validateEdit } from './validate/edit.js'
import { validateGeneration } from './validate/generation.js'
import { validateVariation } from './validate/variation.js'

export async function handleRequest(state: ServerState, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://fake.invalid')
  const route = resolveRoute(url)
  if (route.kind === 'file') return serveFile(state, request, response, route.name)
  const exchange = new Exchange(state, request, response, route, url)
  try {
    await handleApiRequest(exchange, route)
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
  record.model = job.model
  state.rateLimits.takeTokens(imagesUsage(job)?.total_tokens ?? 0, job.model)
  exchange.rateLimitHeaders = state.rateLimits.headers()

  const rule = selectRule(state, exchange, job)
  if (rule?.fault?.kind === 'hang') {
    record.fault = 'hang'
    return
  }
  const delayMs = delayFor(options.latencyMs, record.seq) + delayFor(rule?.delayMs, record.seq)
  if (!(await sleep(delayMs, exchange.signal))) return
  const fault = rule?.fault
  if (fault) record.fault = fault.kind
  const error = fault && faultError(fault, job, exchange.requestId)
  if (error) throw error
  await answerJob(exchange, job, fault)
}

function validate(endpoint: string, body: Parameters<typeof validateGeneration>[0], fixedModel?: string) {
  if (endpoint === 'generations') return validateGeneration(body, fixedModel)
  if (endpoint === 'edits') return validateEdit(body, fixedModel)
  return validateVariation(body, fixedModel)
}

/** Scripted rules first, then `[fake:…]` markers in the prompt (each marker's `times` counted per prompt). */
function selectRule(state: ServerState, exchange: Exchange, job: ImageJob): FaultRule | undefined {
  const scripted = state.script.take({
    seq: exchange.record.seq,
    endpoint: job.endpoint,
    model: job.model,
    prompt: job.prompt,
    request: exchange.record,
  })
  if (scripted || !state.options.promptMarkers) return scripted
  const marked = promptMarkerRule(job.prompt)
  if (!marked || job.prompt === undefined) return undefined
  const uses = state.markerUses.get(job.prompt) ?? 0
  if (uses >= (marked.times ?? Number.POSITIVE_INFINITY)) return undefined
  state.markerUses.set(job.prompt, uses + 1)
  return marked
}

/** Azure: the deployment in the path, or in the v1 form the body's `model`, names a deployment. */
function deploymentModel(
  state: ServerState,
  deployment: string | undefined,
  body: ReturnType<typeof parseRequestBody> | ApiError,
): string | undefined {
  const name = deployment ?? modelField(body)
  if (name === undefined) return undefined
  const model = state.options.azureDeployments[name] ?? (MODELS[name] ? name : undefined)
  if (model === undefined)
    throw azureNotFound(
      'DeploymentNotFound',
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
    )
  return model
}

function modelField(body: ReturnType<typeof parseRequestBody> | ApiError): string | undefined {
  if (body instanceof ApiError) return undefined
  if (body.kind === 'json') {
    const model = (body.value as Record<string, unknown> | null)?.model
    return typeof model === 'string' ? model : undefined
  }
  if (body.kind === 'multipart') {
    const part = body.parts.find((candidate) => candidate.name === 'model')
    return part?.kind === 'text' ? part.value : undefined
  }
  return undefined
}

function azureNotFound(code: string, message: string): ApiError {
  return new ApiError(
    404,
    { message, type: 'invalid_request_error', param: null, code },
    { body: { error: { code, message } } },
  )
}

function internalError(error: unknown): ApiError {
  return new ApiError(500, {
    message: `The fake server failed: ${error instanceof Error ? error.message : String(error)}`,
    type: 'server_error',
    param: null,
    code: null,
  })
}
