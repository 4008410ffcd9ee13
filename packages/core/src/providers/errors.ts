import { ImagegenError, type ImagegenErrorCode, type ImagegenErrorDetails } from '../errors.js'

export interface ProviderErrorDetails extends ImagegenErrorDetails {
  /** Whether the same request may succeed if sent again. */
  retryable: boolean
  /**
   * The refusal is about the account, not this request (bad key, no credit): every other request of
   * the run would be refused the same way, so the run sends no more.
   */
  accountWide?: boolean
  /** How long the service asked us to wait before trying again. */
  retryAfterMs?: number
  status?: number
  requestId?: string
}

/** A failed generation: typed, never carrying a secret, telling the scheduler whether to retry. */
export class ProviderError extends ImagegenError {
  readonly retryable: boolean
  readonly accountWide: boolean
  readonly retryAfterMs: number | undefined
  readonly status: number | undefined
  readonly requestId: string | undefined

  constructor(code: ImagegenErrorCode, problem: string, details: ProviderErrorDetails) {
    const suffix = details.requestId ? ` (request ${details.requestId})` : ''
    super(code, `${problem}${suffix}`, details)
    this.name = 'ProviderError'
    this.retryable = details.retryable
    this.accountWide = details.accountWide ?? false
    this.retryAfterMs = details.retryAfterMs
    this.status = details.status
    this.requestId = details.requestId
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError
}
