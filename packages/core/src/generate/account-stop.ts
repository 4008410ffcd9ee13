import { isProviderError, ProviderError } from '../providers/errors.js'

/**
 * The first account-wide refusal of a run (a bad key, no credit) stops the run from sending anything
 * more: every entry after it fails at once with the same problem and hint instead of paying a round
 * trip, and a user reading the log sees one cause, not one refusal per entry.
 */
export class AccountStop {
  private refusal: ProviderError | undefined

  /** Remembers `error` when it is account-wide. */
  note(error: unknown): void {
    if (!this.refusal && isProviderError(error) && error.accountWide) this.refusal = error
  }

  /** Throws the remembered refusal as this entry's error, if there is one. */
  check(entry: string): void {
    const refusal = this.refusal
    if (!refusal) return
    throw new ProviderError(refusal.code, `not sent: ${refusal.problem}`, {
      entry,
      retryable: false,
      accountWide: true,
      ...(refusal.hint ? { hint: refusal.hint } : {}),
      ...(refusal.status ? { status: refusal.status } : {}),
    })
  }
}
