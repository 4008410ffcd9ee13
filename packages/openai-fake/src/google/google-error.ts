/** Google's error answers: `{"error": {"code", "message", "status", "details"}}` (google.rpc.Status). */

import { ApiError } from '../api-error.js'

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

const STATUS_MESSAGES: Record<number, string> = {
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'Deadline expired before operation could complete.',
}

export function googleError(
  code: number,
  message?: string,
  details: unknown[] = [],
  options: { status?: string; headers?: Record<string, string>; body?: unknown } = {},
): ApiError {
  const status = options.status ?? STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT')
  const text = message ?? STATUS_MESSAGES[code] ?? `HTTP ${code}`
  const error = { code, message: text, status, ...(details.length > 0 ? { details } : {}) }
  return new ApiError(
    code,
    { message: text, type: status, param: null, code: null },
    { headers: options.headers, body: options.body ?? { error } },
  )
}

export const invalidArgument = (message: string) => googleError(400, message)

/** 429 for a per-minute limit: RetryInfo says how long to wait. */
export function rateLimited(model: string, waitMs: number): ApiError {
  return googleError(
    429,
    `You exceeded your current quota, please check your plan and billing details. Quota exceeded for metric: generativelanguage.googleapis.com/generate_requests_per_model, limit: per minute, model: ${model}. Please retry in ${(waitMs / 1000).toFixed(1)}s.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_requests_per_model',
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel',
            quotaDimensions: { location: 'global', model },
          },
        ],
      },
      {
        '@type': 'type.googleapis.com/google.rpc.RetryInfo',
        retryDelay: `${Math.max(1, Math.ceil(waitMs / 1000))}s`,
      },
    ],
  )
}

/** 429 for a spent daily quota: no RetryInfo, a per-day quota id. */
export function quotaExhausted(model: string): ApiError {
  return googleError(
    429,
    `You exceeded your current quota, please check your plan and billing details. Quota exceeded for metric: generativelanguage.googleapis.com/generate_requests_per_model_per_day, limit: 0, model: ${model}`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_requests_per_model_per_day',
            quotaId: 'GenerateRequestsPerDayPerProjectPerModel',
            quotaDimensions: { location: 'global', model },
          },
        ],
      },
    ],
  )
}

/** An OpenAI-shaped limit error from the shared limits (in flight, per minute) as Google's 429. */
export function asGoogleLimit(error: ApiError, model: string): ApiError {
  if (error.status !== 429) return error
  const waitMs = Number(error.headers['retry-after-ms'] ?? 1000)
  return rateLimited(model, Number.isFinite(waitMs) ? waitMs : 1000)
}
