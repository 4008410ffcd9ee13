/** Faults that are error answers: a status, a rate limit, no quota, moderation. */

import { ApiError } from '../api-error.js'
import type { ImageJob } from '../job.js'
import type { Fault } from './types.js'

const STATUS_MESSAGES: Record<number, string> = {
  408: 'Request timed out.',
  409: 'The request conflicted with another request; please retry.',
  500: 'The server had an error while processing your request. Sorry about that!',
  502: 'Bad gateway.',
  503: 'The server is overloaded or not ready yet.',
  504: 'Gateway timeout.',
}

/** The error a fault answers with, or undefined for faults that shape a 200 instead. */
export function faultError(fault: Fault, job: ImageJob, requestId: string): ApiError | undefined {
  switch (fault.kind) {
    case 'status':
      return new ApiError(
        fault.status,
        {
          message: fault.message ?? STATUS_MESSAGES[fault.status] ?? `HTTP ${fault.status}`,
          type: fault.type ?? (fault.status >= 500 ? 'server_error' : 'invalid_request_error'),
          param: fault.param ?? null,
          code: fault.code ?? null,
        },
        { headers: fault.headers, body: fault.body },
      )
    case 'rate-limit':
      return new ApiError(
        429,
        {
          message: `Rate limit reached for ${job.model} in organization org-fake on requests per min (RPM). Please try again later.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
        { headers: { ...retryAfterHeaders(fault), 'x-ratelimit-remaining-requests': '0' } },
      )
    case 'insufficient-quota':
      return new ApiError(429, {
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      })
    case 'moderation':
      return job.family === 'gpt-image'
        ? new ApiError(400, {
            message: `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID ${requestId}.`,
            type: 'image_generation_user_error',
            param: null,
            code: 'moderation_blocked',
          })
        : new ApiError(400, {
            message:
              'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
            type: 'invalid_request_error',
            param: null,
            code: 'content_policy_violation',
          })
    default:
      return undefined
  }
}

function retryAfterHeaders(fault: Extract<Fault, { kind: 'rate-limit' }>): Record<string, string> {
  const headers: Record<string, string> = {}
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs)
  if (fault.retryAfterDate)
    headers['retry-after'] = new Date(Date.now() + (fault.retryAfterSeconds ?? 1) * 1000).toUTCString()
  else if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds)
  return headers
}
