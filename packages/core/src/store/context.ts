import type { Logger } from '../logger.js'
import type { StoreLayout } from './layout.js'
import type { BlobVerifier } from './verified-blobs.js'

/** What every store operation works with; one per `openStore()`. */
export interface StoreContext {
  layout: StoreLayout
  verifier: BlobVerifier
  logger: Logger
  /** Warns about each distinct problem once, so a corrupt entry does not repeat on every lookup. */
  warnOnce(message: string): void
}
