import type { Logger } from '../logger.js'
import type { StoreRecord } from '../store/record.js'
import type { Store } from '../store/store.js'

/**
 * `readOrGenerate` for an entry the user asked to generate afresh (`--force`): generates although the
 * key is stored. Its lock may be judged stale while the provider answers; if the process that took it
 * over stored a new image meanwhile, that one is kept rather than replaced behind its back.
 */
export function forcedGeneration(store: Store, logger: Logger): Store['readOrGenerate'] {
  return (key, generate, options) =>
    store.withKeyLock(
      key,
      async (keyLock) => {
        const before = await store.readRecipe(key)
        const entry = { ...(await generate()), key }
        const now = keyLock.lost ? await store.readRecipe(key) : undefined
        if (now && !sameImages(now, before)) {
          logger.warn(
            `imagegen: the lock on ${key} was taken over while it was generated, and the other process stored a new image first; keeping that one (this generation was paid for too)`,
          )
          return { record: now, generated: true }
        }
        return { record: await store.writeEntry(entry), generated: true }
      },
      options,
    )
}

function sameImages(a: StoreRecord, b: StoreRecord | undefined): boolean {
  const blobs = (record: StoreRecord | undefined) => record?.outputs.map((output) => output.blob).join()
  return blobs(a) === blobs(b)
}
