import { redact } from '../../redact.js'
import { ProviderError } from '../errors.js'
import { type ResponseHeaders, retryAfterMs } from './rate-limit-headers.js'

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
  const base = { entry: context.entry, status, requestId }
  const code = body.code ?? undefined

  if (code === 'moderation_blocked' || code === 'content_policy_violation') {
    return new ProviderError('PROVIDER_MODERATION', `the request was refused by moderation: ${serverSays}`, {
      ...base,
      retryable: false,
      hint: 'reword the prompt; retrying the same request will not help',
    })
  }
  if (body.type === 'insufficient_quota' || code === 'insufficient_quota') {
    return new ProviderError('PROVIDER_QUOTA', `the account is out of credit: ${serverSays}`, {
      ...base,
      retryable: false,
      hint: 'add credit or raise the quota; retrying will not help',
    })
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      'PROVIDER_AUTH',
      `the API refused the credentials (HTTP ${status}): ${serverSays}`,
      {
        ...base,
        retryable: false,
        hint: `check ${context.keyVariable}${context.keyVariable === 'OPENAI_API_KEY' ? ' (and OPENAI_ORG_ID / OPENAI_PROJECT_ID)' : ''}`,
      },
    )
  }
  if (status === 429) {
    return new ProviderError('PROVIDER_RATE_LIMIT', `rate limited: ${serverSays}`, {
      ...base,
      retryable: true,
      retryAfterMs: retryAfterMs(headers),
    })
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new ProviderError('PROVIDER_SERVER', `the API failed (HTTP ${status}): ${serverSays}`, {
      ...base,
      retryable: true,
      retryAfterMs: retryAfterMs(headers),
    })
  }
  const param = body.param ? ` (${redact(String(body.param), context.secrets)})` : ''
  return new ProviderError(
    'PROVIDER_INVALID_REQUEST',
    `the API rejected the request${param}: ${serverSays}`,
    {
      ...base,
      retryable: false,
    },
  )
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
])
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

export interface TransportContext {
  entry: string
  /** The caller's: aborting it cancels the run. */
  signal: AbortSignal | undefined
  /** The attempt's own time limit. */
  deadline: AbortSignal
  timeoutMs: number
  secrets: (string | undefined)[]
}

/** A failure below HTTP (reset, refused, timed out, cancelled) as a typed error. */
export function errorFromTransport(error: unknown, context: TransportContext): ProviderError {
  const { entry } = context
  const code = (error as { code?: unknown })?.code
  const details = { entry, cause: error }
  if (context.signal?.aborted) {
    return new ProviderError('ABORTED', 'the request was cancelled', { ...details, retryable: false })
  }
  if (context.deadline.aborted) {
    return new ProviderError('PROVIDER_TIMEOUT', `the API did not answer within ${context.timeoutMs} ms`, {
      ...details,
      retryable: true,
    })
  }
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return new ProviderError('PROVIDER_TIMEOUT', `the API did not answer in time (${code})`, {
      ...details,
      retryable: true,
    })
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new ProviderError('PROVIDER_NETWORK', `the connection failed (${code})`, {
      ...details,
      retryable: true,
    })
  }
  const message = redact(String((error as Error)?.message ?? error), context.secrets)
  return new ProviderError('PROVIDER_NETWORK', `the request failed: ${message}`, {
    ...details,
    retryable: true,
  })
}

function parseErrorBody(text: string): ApiErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: ApiErrorBody }
    return parsed && typeof parsed.error === 'object' && parsed.error ? parsed.error : {}
  } catch {
    return {}
  }
}
