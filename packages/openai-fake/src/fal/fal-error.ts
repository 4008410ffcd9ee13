/** fal's error answers: `{"detail": "…"}`, and for a refused input `{"detail": [{"loc", "msg", "type"}]}`. */

import { ApiError } from '../api-error.js'

export function falError(status: number, detail: unknown, headers: Record<string, string> = {}): ApiError {
  const message = typeof detail === 'string' ? detail : JSON.stringify(detail)
  return new ApiError(
    status,
    { message, type: String(status), param: null, code: null },
    { headers, body: { detail } },
  )
}

/** 422, as fal's input validation words it. */
export function unprocessable(loc: string[], msg: string, type = 'value_error'): ApiError {
  return falError(422, [{ loc: ['body', ...loc], msg, type }])
}

export function falRateLimited(waitMs: number): ApiError {
  return falError(429, 'Too many requests: the concurrency or rate limit of this key was reached.', {
    'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
  })
}

export function falLimit(error: ApiError): ApiError {
  if (error.status !== 429) return error
  const waitMs = Number(error.headers['retry-after-ms'] ?? 1000)
  return falRateLimited(Number.isFinite(waitMs) ? waitMs : 1000)
}
