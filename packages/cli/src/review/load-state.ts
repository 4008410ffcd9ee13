import { relative, sep } from 'node:path'
import {
  createImagegen,
  type Logger,
  type PlannedEntry,
  type Store,
  type StoreRecord,
} from '@imagegen/core/internal'

/** One entry as one state of the project has it, with its image when a store holds it. */
export interface ReviewSide {
  planned: PlannedEntry
  state: 'stored' | 'missing' | 'corrupt'
  record?: StoreRecord
  /** The store the record was read from. */
  store?: Store
}

export interface ReviewState {
  root: string
  store: Store
  /** By `manifest#entry`, the manifest relative to the state's root. */
  entries: Map<string, ReviewSide>
}

export interface StateOptions {
  root: string
  storeDir: string
  cacheDir: string
  logger: Logger
}

/** The manifests and store of one state of the project. Records are looked up in `fallback` stores too. */
export async function loadState(
  options: StateOptions,
): Promise<{ root: string; store: Store; planned: PlannedEntry[] }> {
  // Frozen and keyless: reading a state never calls a provider.
  const engine = createImagegen({ ...options, mode: 'frozen', env: {} })
  const manifests = await engine.loadManifests()
  const planned = await engine.plan(manifests.flatMap((manifest) => manifest.entries))
  return { root: options.root, store: engine.store, planned }
}

/** Looks each entry up in its own store first, then in the others: the store is content-addressed. */
export async function withRecords(
  state: { root: string; store: Store; planned: PlannedEntry[] },
  fallback: readonly Store[],
): Promise<ReviewState> {
  const entries = new Map<string, ReviewSide>()
  for (const planned of state.planned) {
    entries.set(entryId(state.root, planned), await lookUp(planned, [state.store, ...fallback]))
  }
  return { root: state.root, store: state.store, entries }
}

async function lookUp(planned: PlannedEntry, stores: readonly Store[]): Promise<ReviewSide> {
  let state: ReviewSide['state'] = 'missing'
  for (const store of stores) {
    const inspection = await store.inspectEntry(planned.key)
    if (inspection.status === 'stored') return { planned, state: 'stored', record: inspection.record, store }
    if (inspection.status === 'corrupt') state = 'corrupt'
  }
  return { planned, state }
}

export function entryId(root: string, { entry }: PlannedEntry): string {
  return `${relative(root, entry.manifestFile).split(sep).join('/')}#${entry.name}`
}
