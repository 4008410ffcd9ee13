import type { Store } from '../store/store.js'
import type { Remote } from './remote.js'

export type SyncStatus =
  /** push: written to the remote; pull: copied into the local store. */
  | 'copied'
  /** Already where it was to go. */
  | 'present'
  /** Not in the store it was to come from. */
  | 'missing'
  /** The remote's entry failed verification (hash, size, format, key or signature). */
  | 'refused'

export interface SyncOutcome {
  key: string
  status: SyncStatus
  problem?: string
}

/** `imagegen push`, `pull` and `check --remote`: explicit, so a remote that cannot answer is an error. */
export interface RemoteSync {
  readonly description: string
  /** Configured read-only (`remote.readOnly`, `IMAGEGEN_REMOTE_READ_ONLY`): `push` is refused. */
  readonly readOnly: boolean
  /** Writes each locally stored entry to the remote; records already there are kept. */
  push(keys: readonly string[]): Promise<SyncOutcome[]>
  /** Copies each entry missing locally from the remote, verified. */
  pull(keys: readonly string[]): Promise<SyncOutcome[]>
  /** Whether each entry is on the remote and passes every check a read-through makes. */
  check(keys: readonly string[]): Promise<SyncOutcome[]>
}

export function createRemoteSync(local: Store, remote: Remote): RemoteSync {
  return {
    description: remote.options.description,
    readOnly: remote.options.readOnly,
    push: (keys) =>
      Promise.all(
        keys.map(async (key): Promise<SyncOutcome> => {
          const inspection = await local.inspectEntry(key)
          if (inspection.status !== 'stored') return { key, status: 'missing' }
          const result = await remote.push(inspection.record, local.readBlob, { strict: true })
          return { key, status: result === 'written' ? 'copied' : 'present' }
        }),
      ),
    pull: (keys) =>
      Promise.all(
        keys.map(async (key): Promise<SyncOutcome> => {
          if ((await local.inspectEntry(key)).status === 'stored') return { key, status: 'present' }
          const found = await remote.lookup(key, { strict: true })
          if (found.status === 'corrupt') return { key, status: 'refused', problem: found.problem }
          if (found.status === 'missing') return { key, status: 'missing' }
          await local.writeEntry(found.entry)
          return { key, status: 'copied' }
        }),
      ),
    check: (keys) =>
      Promise.all(
        keys.map(async (key): Promise<SyncOutcome> => {
          const found = await remote.lookup(key, { strict: true })
          if (found.status === 'corrupt') return { key, status: 'refused', problem: found.problem }
          return { key, status: found.status === 'stored' ? 'present' : 'missing' }
        }),
      ),
  }
}
