import { redact } from '../../redact.js'
import { ProviderError } from '../errors.js'
import { type ResponseHeaders, retryAfterMs } from '../http/headers.js'
import { shouldRetryHeader } from './rate-limit-headers.js'

interface ApiErrorBody {
  message?: string
  type?: string
  code?: string | null
  param?: string | null
}

export interface ErrorContext {
  entry: string
  /** The answer's request id, secrets already cut out. */
  requestId: string | undefined
  /** Secrets to cut out of anything the server echoes back. */
  secrets: (string | undefined)[]
  /** Where the key comes from, for the hint of an authentication error. */
  keyVariable: string
  /** The error came inside a 2xx answer (a streamed one), which the service may have charged for. */
  billed?: boolean
}

/** An HTTP error answer as a typed error: what happened, whether to retry, never the key. */
export function errorFromResponse(
  status: number,
  headers: ResponseHeaders,
  bodyText: string,
  context: ErrorContext,
): ProviderError {
  const body = parseErrorBody(bodyText)
  const { requestId } = context
  const serverSays = redact(body.message ?? (bodyText.slice(0, 200) || `HTTP ${status}`), context.secrets)
  const base = { entry: context.entry, status, requestId, billed: context.billed ?? false }
  const code = body.code ?? undefined
  // `x-should-retry` overrides what the status says, as OpenAI's own SDK reads it.
  const shouldRetry = shouldRetryHeader(headers)

  if (code === 'moderation_blocked' || code === 'content_policy_violation') {
    return new ProviderError('PROVIDER_MODERATION', `the request was refused by moderation: ${serverSays}`, {
      ...base,
      retryable: shouldRetry ?? false,
      hint: 'reword the prompt; retrying the same request will not help',
    })
  }
  if (body.type === 'insufficient_quota' || code === 'insufficient_quota') {
    return new ProviderError('PROVIDER_QUOTA', `the account is out of credit: ${serverSays}`, {
      ...base,
      retryable: shouldRetry ?? false,
      // Unless the API says a retry may help, the account is the problem: the run sends no more.
      accountWide: !shouldRetry,
      hint: 'add credit or raise the quota; retrying will not help',
    })
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      'PROVIDER_AUTH',
      `the API refused the credentials (HTTP ${status}): ${serverSays}`,
      {
        ...base,
        retryable: shouldRetry ?? false,
        accountWide: !shouldRetry,
        hint: `check ${context.keyVariable}${context.keyVariable === 'OPENAI_API_KEY' ? ' (and OPENAI_ORG_ID / OPENAI_PROJECT_ID)' : ''}`,
      },
    )
  }
  if (status === 429) {
    return new ProviderError('PROVIDER_RATE_LIMIT', `rate limited: ${serverSays}`, {
      ...base,
      retryable: shouldRetry ?? true,
      retryAfterMs: retryAfterMs(headers),
    })
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new ProviderError('PROVIDER_SERVER', `the API failed (HTTP ${status}): ${serverSays}`, {
      ...base,
      retryable: shouldRetry ?? true,
      retryAfterMs: retryAfterMs(headers),
    })
  }
  const param = body.param ? ` (${redact(String(body.param), context.secrets)})` : ''
  return new ProviderError(
    'PROVIDER_INVALID_REQUEST',
    `the API rejected the request${param}: ${serverSays}`,
    {
      ...base,
      retryable: shouldRetry ?? false,
    },
  )
}

function parseErrorBody(text: string): ApiErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: ApiErrorBody }
    return parsed && typeof parsed.error === 'object' && parsed.error ? parsed.error : {}
  } catch {
    return {}
  }
}
