import { join } from 'node:path'
import { ImagegenError } from '../errors.js'
import { emptyReport, type RunReport } from '../generate/report.js'
import { createScheduler, type Scheduler } from '../generate/scheduler.js'
import { sha256 } from '../hash.js'
import { findManifests, loadManifest, loadManifests } from '../manifest/index.js'
import type { Manifest, ManifestEntry } from '../manifest/types.js'
import { createOpenAIProvider, type OpenAIProvider } from '../providers/openai/index.js'
import { createPlaceholderProvider } from '../providers/placeholder.js'
import type { GenerationRequest } from '../providers/types.js'
import { buildRecipe, createInputHasher, recipeKey } from '../recipe/index.js'
import type { StoreRecord } from '../store/record.js'
import { openStore, type Store } from '../store/store.js'
import { missingImagesError } from './missing-images.js'
import { type Options, type ResolvedOptions, resolveOptions } from './options.js'
import type { PlannedEntry, PlannedEntryStatus, ResolvedEntry, ResolvedImage } from './resolved-entry.js'

export interface Imagegen {
  readonly options: ResolvedOptions
  readonly store: Store
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
  resolve(planned: readonly PlannedEntry[], options?: { signal?: AbortSignal }): Promise<ResolvedEntry[]>
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

export interface GenerateOptions {
  signal?: AbortSignal
  /** Keys to generate again although stored; the old images stay in the store until pruned. */
  force?: ReadonlySet<string>
  onOutcome?: (outcome: EntryOutcome) => void
}

export type EntryOutcome =
  | { planned: PlannedEntry; status: 'stored' | 'generated' }
  | { planned: PlannedEntry; status: 'failed'; error: ImagegenError }

/** The engine the bundler plugins and the CLI drive; neither holds logic the other lacks. */
export function createImagegen(options: Options = {}): Imagegen {
  const resolved = resolveOptions(options)
  const { root, logger, mode } = resolved
  const store = openStore({
    dir: resolved.storeDir,
    logger,
    verifiedCacheFile: join(resolved.cacheDir, 'verified.json'),
  })
  const hashInput = createInputHasher()
  const placeholders = createPlaceholderProvider()
  let openai: OpenAIProvider | undefined
  let scheduler: Scheduler | undefined
  let warnedPlaceholders = false

  function generator(): Scheduler {
    openai ??= createOpenAIProvider(resolved.openai, resolved.env)
    scheduler ??= createScheduler({ ...resolved, provider: openai, store, logger })
    return scheduler
  }

  async function plan(entries: readonly ManifestEntry[]): Promise<PlannedEntry[]> {
    return Promise.all(
      entries.map(async (entry) => {
        const recipe = await buildRecipe(entry, hashInput)
        return { entry, recipe, key: recipeKey(recipe) }
      }),
    )
  }

  function fromStore(planned: PlannedEntry, record: StoreRecord): ResolvedEntry {
    const images = record.outputs.map((output): ResolvedImage => {
      const image: ResolvedImage = {
        read: () => store.readBlob(output),
        format: output.format,
        width: output.width,
        height: output.height,
        hash: output.blob,
      }
      if (output.revised_prompt) image.revisedPrompt = output.revised_prompt
      return image
    })
    return { ...planned, source: 'store', images, record }
  }

  async function placeholder(planned: PlannedEntry): Promise<ResolvedEntry> {
    const result = await placeholders.generate(generationRequest(planned))
    const images = result.images.map(({ bytes, ...image }) => ({
      ...image,
      hash: sha256(bytes),
      read: async () => bytes,
    }))
    return { ...planned, source: 'placeholder', images }
  }

  async function resolve(planned: readonly PlannedEntry[], { signal }: { signal?: AbortSignal } = {}) {
    const records = await Promise.all(planned.map((item) => store.readRecipe(item.key)))
    const missing = planned.filter((_, index) => !records[index])
    if (mode === 'frozen' && missing.length > 0) throw missingImagesError(missing)
    if (mode === 'placeholder' && missing.length > 0 && !warnedPlaceholders) {
      warnedPlaceholders = true
      logger.warn(
        `imagegen: ${missing.length} entr${missing.length === 1 ? 'y is' : 'ies are'} not in the store; using placeholders (set OPENAI_API_KEY to generate them)`,
      )
    }
    // Every entry settles before the first failure is thrown: a build that fails on one entry must not
    // end while another's paid generation is still on its way to the store.
    const settled = await Promise.allSettled(
      planned.map(async (item, index): Promise<ResolvedEntry> => {
        const record = records[index]
        if (record) return fromStore(item, record)
        if (mode === 'placeholder') return placeholder(item)
        const generated = await generator().run(generationRequest(item), signal ? { signal } : {})
        const entry = fromStore(item, generated)
        return { ...entry, source: 'generated' }
      }),
    )
    const failed = settled.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
    return settled.map((result) => (result as PromiseFulfilledResult<ResolvedEntry>).value)
  }

  async function generate(
    planned: readonly PlannedEntry[],
    options: GenerateOptions = {},
  ): Promise<RunReport> {
    if (mode !== 'generate') {
      throw new ImagegenError('CONFIG', `${mode} mode never generates`, {
        hint:
          mode === 'frozen'
            ? 'set IMAGEGEN_MODE=generate to generate in CI'
            : 'set OPENAI_API_KEY in the environment to generate',
      })
    }
    const { signal, force, onOutcome } = options
    const run = generator()
    await Promise.all(
      planned.map(async (item) => {
        try {
          const forced = force?.has(item.key) ?? false
          // Looked up first (a verified read, cheap when warm) so the outcome says what happened.
          const stored = !forced && (await store.readRecipe(item.key)) !== undefined
          await run.run(generationRequest(item), { ...(signal ? { signal } : {}), force: forced })
          onOutcome?.({ planned: item, status: stored ? 'stored' : 'generated' })
        } catch (error) {
          onOutcome?.({ planned: item, status: 'failed', error: error as ImagegenError })
        }
      }),
    )
    return run.report()
  }

  return {
    options: resolved,
    store,
    findManifests: () => findManifests(root),
    loadManifest: (file) => loadManifest(file, { root, logger, cacheDir: resolved.cacheDir }),
    loadManifests: () => loadManifests(root, { logger, cacheDir: resolved.cacheDir }),
    generate,
    plan,
    async status(planned) {
      return Promise.all(planned.map(async (item) => ({ ...item, state: await store.verifyEntry(item.key) })))
    },
    resolve,
    report: () => scheduler?.report() ?? emptyReport(),
    close: async () => {
      await Promise.all([openai?.close(), store.saveVerified()])
    },
  }
}

function generationRequest({ entry, recipe, key }: PlannedEntry): GenerationRequest {
  const files: GenerationRequest['files'] = { images: entry.images.map((image) => image.absolutePath) }
  if (entry.mask) files.mask = entry.mask.absolutePath
  if (entry.variation) files.variation = entry.variation.absolutePath
  return { key, recipe, entryName: entry.name, files }
}
