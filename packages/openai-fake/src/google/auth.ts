/** Google's API key: the `x-goog-api-key` header, or `?key=` on the URL. */

import type { IncomingHttpHeaders } from 'node:http'
import type { ApiError } from '../api-error.js'
import { googleError } from './google-error.js'

const NO_KEY =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."

export function checkGoogleAuth(
  headers: IncomingHttpHeaders,
  url: URL,
  apiKey: string | undefined,
): ApiError | undefined {
  const header = headers['x-goog-api-key']
  const key = (Array.isArray(header) ? header[0] : header)?.trim() || url.searchParams.get('key') || undefined
  if (!key) return googleError(403, NO_KEY)
  if (apiKey !== undefined && key !== apiKey) {
    return googleError(400, 'API key not valid. Please pass a valid API key.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ])
  }
  return undefined
}
