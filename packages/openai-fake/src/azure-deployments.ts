/** Azure OpenAI: which model a deployment runs, and Azure's own 404 body. */

import { ApiError } from './api-error.js'
import type { ParsedBody } from './parse/request-body.js'
import type { ServerState } from './server-state.js'
import { MODELS } from './spec/models.js'

/** Azure: the deployment in the path, or in the v1 form the body's `model`, names a deployment. */
export function deploymentModel(
  state: ServerState,
  deployment: string | undefined,
  body: ParsedBody | ApiError,
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

function modelField(body: ParsedBody | ApiError): string | undefined {
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

export function azureNotFound(code: string, message: string): ApiError {
  return new ApiError(
    404,
    { message, type: 'invalid_request_error', param: null, code },
    { body: { error: { code, message } } },
  )
}
