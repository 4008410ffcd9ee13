/** Authentication: `Authorization: Bearer <key>` for OpenAI; an `api-key` header (or Bearer) for Azure. */

import type { IncomingHttpHeaders } from 'node:http'
import { ApiError } from './api-error.js'

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."

const AZURE_DENIED = {
  code: '401',
  message:
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
}

function bearerKey(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(headers.authorization ?? '')
  return match?.[1]?.trim() || undefined
}

/** `sk-...abcd`: enough to recognise a key, never the key. */
function redact(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 3)}****${key.slice(-4)}`
}

/** Throws the service's 401 unless the request carries a key (`apiKey` when given). */
export function checkAuth(
  api: 'openai' | 'azure',
  headers: IncomingHttpHeaders,
  apiKey: string | undefined,
): void {
  if (api === 'azure') {
    const headerKey = headers['api-key']
    const key = (Array.isArray(headerKey) ? headerKey[0] : headerKey)?.trim() || bearerKey(headers)
    if (key && (apiKey === undefined || key === apiKey)) return
    throw new ApiError(
      401,
      { message: AZURE_DENIED.message, type: 'invalid_request_error', param: null, code: AZURE_DENIED.code },
      { body: { error: AZURE_DENIED } },
    )
  }
  const key = bearerKey(headers)
  if (!key)
    throw new ApiError(401, { message: NO_KEY, type: 'invalid_request_error', param: null, code: null })
  if (apiKey !== undefined && key !== apiKey)
    throw new ApiError(401, {
      message: `Incorrect API key provided: ${redact(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    })
}
