import { redact } from '../../redact.js'
import { ProviderError } from '../errors.js'
import { type ResponseHeaders, retryAfterMs } from '../http/headers.js'

/** `{"error": {"code", "message", "status", "details"}}`: Google's API error (google.rpc.Status). */
interface GoogleErrorBody {
  code?: number
  message?: string
  status?: string
  details?: { '@type'?: string; retryDelay?: string; reason?: string; violations?: { quotaId?: string }[] }[]
}

export interface GoogleErrorContext {
  entry: string
  secrets: (string | undefined)[]
  keyVariable: string
}

const AUTH_STATUSES = new Set(['UNAUTHENTICATED', 'PERMISSION_DENIED'])

/** A Google error answer as a typed error: what happened, whether to retry, never the key. */
export function googleErrorFromResponse(
  status: number,
  headers: ResponseHeaders,
  bodyText: string,
  context: GoogleErrorContext,
): ProviderError {
  const body = parseErrorBody(bodyText)
  const serverSays = redact(body.message ?? (bodyText.slice(0, 200) || `HTTP ${status}`), context.secrets)
  const base = { entry: context.entry, status }
  const reasons = (body.details ?? []).map((detail) => detail.reason)

  if (
    status === 401 ||
    status === 403 ||
    AUTH_STATUSES.has(body.status ?? '') ||
    reasons.includes('API_KEY_INVALID')
  ) {
    return new ProviderError(
      'PROVIDER_AUTH',
      `the API refused the credentials (HTTP ${status}): ${serverSays}`,
      {
        ...base,
        retryable: false,
        accountWide: true,
        hint: `check ${context.keyVariable}`,
      },
    )
  }
  if (status === 429 || body.status === 'RESOURCE_EXHAUSTED') {
    if (isOutOfQuota(body)) {
      return new ProviderError('PROVIDER_QUOTA', `the project is out of quota: ${serverSays}`, {
        ...base,
        retryable: false,
        accountWide: true,
        hint: 'enable billing or raise the quota; retrying today will not help',
      })
    }
    return new ProviderError('PROVIDER_RATE_LIMIT', `rate limited: ${serverSays}`, {
      ...base,
      retryable: true,
      retryAfterMs: retryDelayMs(body) ?? retryAfterMs(headers),
    })
  }
  if (status === 408 || status >= 500) {
    return new ProviderError('PROVIDER_SERVER', `the API failed (HTTP ${status}): ${serverSays}`, {
      ...base,
      retryable: true,
      retryAfterMs: retryDelayMs(body) ?? retryAfterMs(headers),
    })
  }
  return new ProviderError('PROVIDER_INVALID_REQUEST', `the API rejected the request: ${serverSays}`, {
    ...base,
    retryable: false,
  })
}

/**
 * Google answers 429 RESOURCE_EXHAUSTED both for a per-minute limit (with a RetryInfo: wait and it
 * passes) and for a spent daily or billing quota (no RetryInfo, or a per-day quota id): only the first
 * is worth a retry.
 */
function isOutOfQuota(body: GoogleErrorBody): boolean {
  const quotaIds = (body.details ?? [])
    .flatMap((detail) => detail.violations ?? [])
    .map((v) => v.quotaId ?? '')
  if (quotaIds.some((id) => /PerDay/i.test(id))) return true
  if (retryDelayMs(body) !== undefined) return false
  return /billing|plan/i.test(body.message ?? '')
}

/** RetryInfo's `retryDelay`, a protobuf Duration in JSON: `"37s"`, `"1.5s"`. */
function retryDelayMs(body: GoogleErrorBody): number | undefined {
  const delay = body.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay
  const match = /^(\d+(?:\.\d+)?)s$/.exec(delay ?? '')
  return match ? Math.round(Number(match[1]) * 1000) : undefined
}

function parseErrorBody(text: string): GoogleErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: GoogleErrorBody } | { error?: GoogleErrorBody }[]
    // The REST gateway sometimes wraps the error in a one-element array.
    const error = Array.isArray(parsed) ? parsed[0]?.error : parsed?.error
    return error && typeof error === 'object' ? (error as GoogleErrorBody) : {}
  } catch {
    return {}
  }
}
