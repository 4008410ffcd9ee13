import type { Logger } from '../logger.js'
import type { StoreRecord } from '../store/record.js'
import type { GenerateOutcome, Store } from '../store/store.js'
import type { Remote } from './remote.js'

/**
 * The local store with a remote behind it, through the store's public face only: a local miss reads
 * through (verified, then written locally like any entry), a generation happens under the runners'
 * lease and is written back before the lease is let go, and an explicit `writeEntry` (a forced
 * regeneration) replaces the remote's record too.
 */
export function withRemote(local: Store, remote: Remote, logger: Logger): Store {
  const refused = new Set<string>()

  /** The remote's entry copied into the local store, or undefined. */
  async function readThrough(key: string): Promise<StoreRecord | undefined> {
    const found = await remote.lookup(key)
    if (found.status === 'corrupt') {
      if (!refused.has(key)) {
        refused.add(key)
        logger.warn(`imagegen: the remote's entry ${key} is refused and treated as missing: ${found.problem}`)
      }
      return undefined
    }
    return found.status === 'stored' ? local.writeEntry(found.entry) : undefined
  }

  const fromRemote = async (key: string): Promise<GenerateOutcome | undefined> => {
    const record = await readThrough(key)
    return record && { record, generated: false }
  }

  return {
    ...local,
    readRecipe: async (key) => (await local.readRecipe(key)) ?? (await readThrough(key)),
    async writeEntry(entry) {
      const record = await local.writeEntry(entry)
      await remote.push(record, local.readBlob, { replace: true })
      return record
    },
    readOrGenerate: (key, generate, options) =>
      local.withKeyLock(
        key,
        async (keyLock) => {
          const stored = await local.readRecipe(key)
          if (stored) return { record: stored, generated: false }
          return remote.leased(
            key,
            () => fromRemote(key),
            async () => {
              const entry = { ...(await generate()), key }
              // As the local store does: a lock taken over while the provider answered keeps the other
              // process's record rather than replacing it behind its back.
              const theirs = keyLock.lost ? await local.readRecipe(key) : undefined
              if (theirs) return { record: theirs, generated: true }
              const record = await local.writeEntry(entry)
              await remote.push(record, local.readBlob)
              return { record, generated: true }
            },
            options?.signal,
          )
        },
        options,
      ),
  }
}
