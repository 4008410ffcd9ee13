import type { StoreContext } from './context.js'
import type { KeyLock } from './held-lock.js'
import { acquireLock, type LockOptions } from './lock.js'
import { type PruneOptions, type PruneResult, prune } from './prune.js'
import { readRecipe } from './read-entry.js'
import type { StoreRecord } from './record.js'
import { type NewEntry, writeEntry } from './write-entry.js'

export interface GenerateOutcome {
  record: StoreRecord
  /** False when the entry was already stored, perhaps by another process while this one waited. */
  generated: boolean
}

/**
 * The store's operations that other processes may run at the same moment, and the two kinds of lock
 * that keep them apart (both files in the state directory):
 * - a key's lock: one generation per key across processes, so two builds never pay twice;
 * - the store's write lock: every writer holds it while it writes an entry (blobs, then recipe), and
 *   `prune` holds it while it sweeps. Without it, prune could list the recipes, then find a blob that a
 *   writer had just stored (or was about to reuse) and delete it before its recipe appeared.
 * The order is always key lock, then write lock; nobody calls a provider while holding the write lock,
 * which is held for milliseconds (one entry's files), except by `prune`.
 */
export function coordinatedWrites(context: StoreContext, lockDefaults: Omit<LockOptions, 'signal'>) {
  const { layout, logger } = context
  const lock = async (file: string, name: string, options?: LockOptions) =>
    acquireLock(file, name, logger, { ...lockDefaults, ...options })

  async function withLock<T>(
    file: string,
    name: string,
    fn: (held: KeyLock) => Promise<T>,
    options?: LockOptions,
  ) {
    const held = await lock(file, name, options)
    try {
      return await fn(held)
    } finally {
      await held.release()
    }
  }

  const withWriteLock = <T>(fn: () => Promise<T>) => withLock(layout.writeLockFile, 'the store', fn)
  const withKeyLock = async <T>(key: string, fn: (held: KeyLock) => Promise<T>, options?: LockOptions) =>
    withLock(layout.lockFile(key), key, fn, options)

  return {
    // Async, so that a bad key rejects like every other failure rather than throwing at the call.
    acquireLock: async (key: string, options?: LockOptions) => lock(layout.lockFile(key), key, options),
    withKeyLock,
    writeEntry: (entry: NewEntry) => withWriteLock(() => writeEntry(context, entry)),
    readOrGenerate: (
      key: string,
      generate: () => Promise<Omit<NewEntry, 'key'>>,
      options?: LockOptions,
    ): Promise<GenerateOutcome> =>
      withKeyLock(
        key,
        async (keyLock) => {
          const stored = await readRecipe(context, key)
          if (stored) return { record: stored, generated: false }
          const entry = { ...(await generate()), key }
          return withWriteLock(async () => {
            // Judged stale while the provider answered: the process that took over may have stored the
            // entry already, and its record is not to be replaced behind its back.
            const theirs = keyLock.lost ? await readRecipe(context, key) : undefined
            if (theirs) {
              logger.warn(
                `imagegen: the lock on ${key} was taken over while it was generated, and the other process stored it first; keeping that one (this generation was paid for too)`,
              )
              return { record: theirs, generated: true }
            }
            return { record: await writeEntry(context, entry), generated: true }
          })
        },
        options,
      ),
    prune: (keys: Iterable<string>, options?: PruneOptions): Promise<PruneResult> =>
      withWriteLock(() => prune(context, keys, options)),
  }
}
