import type { ImagegenError } from '../errors.js'
import type { RunReport } from '../generate/report.js'
import type { Manifest, ManifestEntry } from '../manifest/types.js'
import type { PartialImage } from '../providers/types.js'
import type { RemoteSync } from '../remote/sync.js'
import type { Store } from '../store/store.js'
import type { ResolvedOptions } from './options.js'
import type { PlannedEntry, PlannedEntryStatus, ResolvedEntry } from './resolved-entry.js'

/** The engine: what `createImagegen` gives a user of `@imagegen/core`. */
export interface Imagegen {
  readonly options: ResolvedOptions
  /** Every manifest file under the root. */
  findManifests(): Promise<string[]>
  /** One manifest, validated; throws `ManifestError` with every problem in it. */
  loadManifest(file: string): Promise<Manifest>
  /** Every manifest under the root; throws one `ManifestError` with the problems of all of them. */
  loadManifests(): Promise<Manifest[]>
  /** Recipes and keys of entries. */
  plan(entries: readonly ManifestEntry[]): Promise<PlannedEntry[]>
  /** Whether each entry is in the store with good blobs. Never calls a provider. */
  status(planned: readonly PlannedEntry[]): Promise<PlannedEntryStatus[]>
  /**
   * Entries as images, by the mode: from the store, else generated (`generate`), a placeholder
   * (`placeholder`), or, in `frozen` mode, one error naming every missing entry.
   */
  resolve(planned: readonly PlannedEntry[], options?: ResolveOptions): Promise<ResolvedEntry[]>
  /**
   * Generates what is missing (and, anew, the entries `force` names), reporting each outcome as it
   * happens. One entry's failure does not stop the others: failures are in the report. Only in
   * `generate` mode.
   */
  generate(planned: readonly PlannedEntry[], options?: GenerateOptions): Promise<RunReport>
  /** What this engine has generated or read so far. */
  report(): RunReport
  /** Frees the provider's connections and records which stored images were verified. */
  close(): Promise<void>
}

/**
 * The engine with the parts only the CLI and the bundler plugins reach (through
 * `@imagegen/core/internal`): its store and remote are not public API.
 */
export interface ImagegenEngine extends Imagegen {
  /** The local store, with the remote behind it when there is one. */
  readonly store: Store
  /** The shared remote, when one is configured (for `push`, `pull`, `check --remote`). */
  readonly remote: RemoteSync | undefined
}

export interface ResolveOptions {
  signal?: AbortSignal
  /** Told when an entry starts generating; the function it returns, when that generation ends. */
  onGenerate?: (planned: PlannedEntry) => (ok: boolean) => void
  /**
   * Told of each preview of an entry being generated, where its model streams and `partialImages` is
   * not 0 (a dev server asks; nothing else streams). Previews are never stored.
   */
  onPartial?: (planned: PlannedEntry, image: PartialImage) => void
}

export interface GenerateOptions {
  signal?: AbortSignal
  /** Keys to generate again although stored; the old images stay in the store until pruned. */
  force?: ReadonlySet<string>
  onOutcome?: (outcome: EntryOutcome) => void
}

/** `skipped`: the budget left it ungenerated (nothing was sent); `failed`: it was tried and failed. */
export type EntryOutcome =
  | { planned: PlannedEntry; status: 'stored' | 'generated' }
  | { planned: PlannedEntry; status: 'failed' | 'skipped'; error: ImagegenError }
