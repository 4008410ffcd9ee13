export type { CleanTempOptions } from './clean-temp.js'
export type { KeyLock } from './held-lock.js'
export { assertKey, KEY_PATTERN, type StoreLayout, storeLayout } from './layout.js'
export type { StoredBlob } from './list.js'
export type { LockOptions } from './lock.js'
export type { PruneOptions, PruneResult } from './prune.js'
export type { EntryInspection, EntryStatus } from './read-entry.js'
export {
  type JsonObject,
  STORE_RECORD_VERSION,
  type StoredOutput,
  type StoreRecord,
} from './record.js'
export {
  type BlobRef,
  DEFAULT_STORE_DIR,
  type GenerateOutcome,
  openStore,
  type Store,
  type StoreOptions,
} from './store.js'
export type { VerifyStats } from './verified-blobs.js'
export type { EntryMeta, NewEntry, NewImage } from './write-entry.js'
