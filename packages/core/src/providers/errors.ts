import { ImagegenError, type ImagegenErrorCode, type ImagegenErrorDetails } from '../errors.js'

export interface ProviderErrorDetails extends ImagegenErrorDetails {
  /** Whether the same request may succeed if sent again. */
  retryable: boolean
  /**
   * Whether the service may have charged for the attempt: it answered 2xx (and the answer could not be
   * used), or it was still working when the attempt timed out. Such attempts count against a budget.
   * @default false
   */
  billed?: boolean
  /**
   * The refusal is about the account, not this request (bad key, no credit): every other request of
   * the run would be refused the same way, so the run sends no more.
   */
  accountWide?: boolean
  /** How long the service asked us to wait before trying again. */
  retryAfterMs?: number
  status?: number
  requestId?: string
  /** What became of the attempts at this request, once the scheduler has given up (`gave up after 3 attempts`). */
  attempts?: string
}

/** A failed generation: typed, never carrying a secret, telling the scheduler whether to retry. */
export class ProviderError extends ImagegenError {
  readonly retryable: boolean
  readonly billed: boolean
  readonly accountWide: boolean
  readonly retryAfterMs: number | undefined
  readonly status: number | undefined
  readonly requestId: string | undefined
  private readonly given: { problem: string; details: ProviderErrorDetails }

  constructor(code: ImagegenErrorCode, problem: string, details: ProviderErrorDetails) {
    const request = details.requestId ? ` (request ${details.requestId})` : ''
    const attempts = details.attempts ? `; ${details.attempts}` : ''
    super(code, `${problem}${request}${attempts}`, details)
    this.name = 'ProviderError'
    this.retryable = details.retryable
    this.billed = details.billed ?? false
    this.accountWide = details.accountWide ?? false
    this.retryAfterMs = details.retryAfterMs
    this.status = details.status
    this.requestId = details.requestId
    this.given = { problem, details }
  }

  /** The same failure, saying what became of the attempts at it. */
  withAttempts(attempts: string): ProviderError {
    return new ProviderError(this.code, this.given.problem, { ...this.given.details, attempts })
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError
}
