import type { ImageFormat } from '../image-type.js'
import { type Logger, silentLogger } from '../logger.js'
import { type CleanTempOptions, cleanTemp } from './clean-temp.js'
import type { StoreContext } from './context.js'
import { coordinatedWrites, type GenerateOutcome } from './coordinated-writes.js'
import type { KeyLock } from './held-lock.js'
import { storeLayout } from './layout.js'
import { listBlobs, listRecipes, type StoredBlob } from './list.js'
import type { LockOptions } from './lock.js'
import type { PruneOptions, PruneResult } from './prune.js'
import { readVerifiedBlob } from './read-blob.js'
import {
  type EntryInspection,
  type EntryStatus,
  inspectEntry,
  readRecipe,
  verifyEntry,
} from './read-entry.js'
import type { StoreRecord } from './record.js'
import { createBlobVerifier, type VerifyStats } from './verified-blobs.js'
import type { NewEntry } from './write-entry.js'

export type { GenerateOutcome } from './coordinated-writes.js'

/** The store directory's default name, at the project root. */
export const DEFAULT_STORE_DIR = '.imagegen'

export interface StoreOptions {
  /** The store directory; created on the first write, not before. */
  dir: string
  /**
   * This machine's state for the store: its locks and the temporary files of writes in progress. Never
   * inside `dir` (nothing there is committed or cached but recipes and blobs), and the same for every
   * process that opens the store, or they would not see each other's locks; the engine uses
   * `<cacheDir>/store`. Best on the store's file system: a temporary file elsewhere is written beside
   * its target instead.
   * @default a folder for this store path in the system's temporary directory
   */
  stateDir?: string
  /** Where warnings about corrupt entries and lock waits go. @default silent */
  logger?: Logger
  /** Defaults for every lock this store takes. */
  lock?: Omit<LockOptions, 'signal'>
  /**
   * A file, outside the store (it is never committed), that remembers verified blobs between processes
   * so that a warm one does not hash them all again; written by `saveVerified()`. @default none
   */
  verifiedCacheFile?: string
}

/** Which blob: the fields of a `StoredOutput` that name its file. */
export interface BlobRef {
  blob: string
  format: ImageFormat
}

/**
 * The local store. Its seams, for what sits in front of it (a remote, say): reads come through
 * `inspectEntry`/`readRecipe` and `readBlob`, each verified against its key or hash, so whatever
 * fills the store must give them files that hash to their names; every write goes through `writeEntry`
 * (under the store's write lock, blobs before recipe), and a generation through `readOrGenerate`.
 */
export interface Store {
  /** Absolute. */
  readonly dir: string
  /** Absolute: where locks and temporary files live (see `StoreOptions.stateDir`). */
  readonly stateDir: string
  /**
   * The entry, verified; undefined when it is missing or corrupt (a corrupt one also logs a warning).
   * Other I/O errors (a permission denied) are thrown: they must not pass for a miss that pays again.
   */
  readRecipe(key: string): Promise<StoreRecord | undefined>
  /** Like `readRecipe`, with the reason an entry is corrupt. Logs nothing. */
  inspectEntry(key: string): Promise<EntryInspection>
  /** For `imagegen check`: stored, missing or corrupt (logged with its reason). */
  verifyEntry(key: string): Promise<EntryStatus>
  /** The blob's bytes, verified against its hash; a missing or altered blob throws `STORE_CORRUPT`. */
  readBlob(ref: BlobRef): Promise<Buffer>
  /** The blob's file, for code that streams it after `readRecipe` verified it. */
  blobPath(ref: BlobRef): string
  /** Writes blobs then recipe, atomically; replaces an entry already under the key. */
  writeEntry(entry: NewEntry): Promise<StoreRecord>
  /** The cross-process lock of one key; two callers in this process queue rather than deadlock. */
  acquireLock(key: string, options?: LockOptions): Promise<KeyLock>
  withKeyLock<T>(key: string, fn: (lock: KeyLock) => Promise<T>, options?: LockOptions): Promise<T>
  /**
   * The entry, generating it only if no process has stored it: takes the key's lock, looks again, calls
   * `generate` only on a miss and writes its result before letting the next waiter in.
   */
  readOrGenerate(
    key: string,
    generate: () => Promise<Omit<NewEntry, 'key'>>,
    options?: LockOptions,
  ): Promise<GenerateOutcome>
  listRecipes(): Promise<string[]>
  listBlobs(): Promise<StoredBlob[]>
  /** Removes what no manifest references, holding the write lock so no entry is half-written meanwhile. */
  prune(referencedKeys: Iterable<string>, options?: PruneOptions): Promise<PruneResult>
  cleanTemp(options?: CleanTempOptions): Promise<{ files: number; bytes: number }>
  /** How many blobs were hashed and how many were trusted from this process's earlier checks. */
  stats(): VerifyStats
  /** Writes the `verifiedCacheFile`, when set and changed; a failure is a warning, never an error. */
  saveVerified(): Promise<void>
}

/** Opens the local store in `dir`. Does no I/O: an unused store leaves no trace. */
export function openStore({
  dir,
  stateDir,
  logger = silentLogger,
  lock: lockDefaults = {},
  verifiedCacheFile,
}: StoreOptions): Store {
  const layout = storeLayout(dir, stateDir)
  const warned = new Set<string>()
  const context: StoreContext = {
    layout,
    verifier: createBlobVerifier(verifiedCacheFile ? { recordFile: verifiedCacheFile } : {}),
    logger,
    warnOnce(message) {
      if (warned.has(message)) return
      warned.add(message)
      logger.warn(message)
    },
  }

  const writes = coordinatedWrites(context, lockDefaults)
  const store: Store = {
    dir: layout.dir,
    stateDir: layout.stateDir,
    readRecipe: (key) => readRecipe(context, key),
    inspectEntry: (key) => inspectEntry(context, key),
    verifyEntry: (key) => verifyEntry(context, key),
    readBlob: (ref) => readVerifiedBlob(context, ref),
    blobPath: (ref) => layout.blobFile(ref.blob, ref.format),
    ...writes,
    listRecipes: () => listRecipes(context),
    listBlobs: () => listBlobs(context),
    cleanTemp: (options) => cleanTemp(context, options),
    stats: () => context.verifier.stats(),
    async saveVerified() {
      try {
        await context.verifier.save()
      } catch (error) {
        context.warnOnce(
          `imagegen: could not write ${verifiedCacheFile}, so the next run hashes the stored images again: ${(error as Error).message}`,
        )
      }
    },
  }
  return store
}
