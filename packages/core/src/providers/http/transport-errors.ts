import { formatDuration } from '../../duration.js'
import { redact } from '../../redact.js'
import { ProviderError } from '../errors.js'

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
  /** Whether a 2xx answer had arrived: the service may have charged for the attempt. */
  answered: boolean
}

/** A failure below HTTP (reset, refused, timed out, cancelled) as a typed error. */
export function errorFromTransport(error: unknown, context: TransportContext): ProviderError {
  const { entry } = context
  const code = (error as { code?: unknown })?.code
  const details = { entry, cause: error, billed: context.answered }
  if (context.signal?.aborted) {
    return new ProviderError('ABORTED', 'the request was cancelled', { ...details, retryable: false })
  }
  if (context.deadline.aborted) {
    // The request was sent and the service may be generating: the attempt is counted as billed.
    return new ProviderError(
      'PROVIDER_TIMEOUT',
      `the API did not answer within ${formatDuration(context.timeoutMs)}`,
      {
        ...details,
        billed: true,
        retryable: true,
        hint: 'raise the time limit (--timeout, IMAGEGEN_TIMEOUT or timeoutMs) if generations take longer',
      },
    )
  }
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return new ProviderError('PROVIDER_TIMEOUT', `the API did not answer in time (${code})`, {
      ...details,
      billed: true,
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
