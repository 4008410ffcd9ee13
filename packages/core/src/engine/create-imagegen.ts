import { join } from 'node:path'
import { ImagegenError } from '../errors.js'
import { emptyReport, type RunReport } from '../generate/report.js'
import { createScheduler, type Scheduler } from '../generate/scheduler.js'
import { sha256 } from '../hash.js'
import { findManifests, loadManifest, loadManifests } from '../manifest/index.js'
import type { ManifestEntry } from '../manifest/types.js'
import { createPlaceholderProvider } from '../providers/placeholder.js'
import {
  type ClosableProvider,
  hasProviderKey,
  KEY_VARIABLES_TEXT,
  PROVIDERS,
} from '../providers/registry.js'
import { createProviderRouter } from '../providers/router.js'
import type { GenerationRequest, PartialImage } from '../providers/types.js'
import { buildRecipe, createInputHasher, recipeKey } from '../recipe/index.js'
import { resolveRemote } from '../remote/options.js'
import { createRemote } from '../remote/remote.js'
import { withRemote } from '../remote/remote-store.js'
import { createRemoteSync } from '../remote/sync.js'
import { openStore } from '../store/store.js'
import type { GenerateOptions, ImagegenEngine, ResolveOptions } from './imagegen.js'
import { missingImagesError, placeholderWarning } from './missing-images.js'
import { type Options, resolveOptions } from './options.js'
import {
  fromRecord,
  type PlannedEntry,
  type PlannedEntryStatus,
  type ResolvedEntry,
} from './resolved-entry.js'

/** The engine the bundler plugins and the CLI drive; neither holds logic the other lacks. */
export function createImagegen(options: Options = {}): ImagegenEngine {
  const resolved = resolveOptions(options)
  const { root, logger, mode } = resolved
  // Kept here, not in `resolved`: the environment holds the API key, and `imagegen.options` is public.
  const env = options.env ?? process.env
  // A malformed base URL (OPENAI_BASE_URL, …) is a setting to fix before the run, not a failure of every entry.
  if (mode === 'generate')
    for (const provider of PROVIDERS) provider.checkOptions(provider.optionsFrom(resolved), env)
  const local = openStore({
    dir: resolved.storeDir,
    stateDir: join(resolved.cacheDir, 'store'),
    logger,
    verifiedCacheFile: join(resolved.cacheDir, 'verified.json'),
  })
  // The remote's credentials stay here too, for the same reason.
  const remoteOptions = resolveRemote(options.remote, env)
  const remote = remoteOptions && createRemote(remoteOptions, logger, resolved.concurrency)
  const store = remote ? withRemote(local, remote, logger) : local
  const hashInput = createInputHasher()
  const placeholders = createPlaceholderProvider()
  let providers: ClosableProvider | undefined
  let scheduler: Scheduler | undefined
  let warnedPlaceholders = false

  /** The scheduler, made when the first entry is to be generated. */
  function generator(): Scheduler {
    if (scheduler) return scheduler
    // An engine about to write is where a killed writer's leftovers are swept, once; young ones stay.
    store.cleanTemp().catch((error: unknown) => {
      logger.warn(`imagegen: could not remove old temporary files: ${(error as Error).message}`)
    })
    providers = createProviderRouter(
      Object.fromEntries(PROVIDERS.map((provider) => [provider.name, provider.optionsFrom(resolved)])),
      env,
      logger,
    )
    scheduler = createScheduler({ ...resolved, provider: providers, store, logger })
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

  async function placeholder(planned: PlannedEntry): Promise<ResolvedEntry> {
    const result = await placeholders.generate(generationRequest(planned))
    const images = result.images.map(({ bytes, ...image }) => ({
      ...image,
      hash: sha256(bytes),
      read: async () => bytes,
    }))
    return { ...planned, source: 'placeholder', images }
  }

  async function resolve(
    planned: readonly PlannedEntry[],
    { signal, onGenerate, onPartial }: ResolveOptions = {},
  ) {
    const count = resolved.partialImages
    const previews = (item: PlannedEntry) =>
      onPartial && count > 0
        ? { partials: { count, onPartial: (image: PartialImage) => onPartial(item, image) } }
        : {}
    const records = await Promise.all(planned.map((item) => store.readRecipe(item.key)))
    const missing = planned.filter((_, index) => !records[index])
    if (mode === 'frozen' && missing.length > 0) throw missingImagesError(missing)
    if (mode === 'placeholder' && missing.length > 0 && !warnedPlaceholders) {
      warnedPlaceholders = true
      logger.warn(placeholderWarning(missing.length, hasProviderKey(env)))
    }
    // Every entry settles before the first failure is thrown: a build that fails on one entry must not
    // end while another's paid generation is still on its way to the store.
    const settled = await Promise.allSettled(
      planned.map(async (item, index): Promise<ResolvedEntry> => {
        const record = records[index]
        if (record) return fromRecord(store, item, record)
        if (mode === 'placeholder') return placeholder(item)
        const ended = onGenerate?.(item)
        let succeeded = false
        try {
          const options = { ...(signal ? { signal } : {}), ...previews(item) }
          const generated = await generator().run(generationRequest(item), options)
          succeeded = true
          return { ...fromRecord(store, item, generated), source: 'generated' }
        } finally {
          ended?.(succeeded)
        }
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
            : `set ${KEY_VARIABLES_TEXT} in the environment to generate`,
      })
    }
    const { signal, force, onOutcome } = options
    const run = generator()
    await Promise.all(
      planned.map(async (item) => {
        try {
          const forced = force?.has(item.key) ?? false
          // Looked up first (a verified read, cheap when warm) so the outcome says what happened. A lookup
          // that fails (a required remote that is down) counts as a miss: the run below meets the same
          // failure and records it in the report, which decides the exit code.
          const stored = !forced && (await store.readRecipe(item.key).catch(() => undefined)) !== undefined
          await run.run(generationRequest(item), { ...(signal ? { signal } : {}), force: forced })
          onOutcome?.({ planned: item, status: stored ? 'stored' : 'generated' })
        } catch (error) {
          const failure = error as ImagegenError
          onOutcome?.({
            planned: item,
            status: failure.code === 'BUDGET' ? 'skipped' : 'failed',
            error: failure,
          })
        }
      }),
    )
    return run.report()
  }

  async function entryStatus(item: PlannedEntry): Promise<PlannedEntryStatus> {
    const inspection = await store.inspectEntry(item.key)
    const state = inspection.status
    // A damaged entry is rare: looked at once more, through the read that logs why it is damaged.
    if (state === 'corrupt') await store.readRecipe(item.key)
    const outputs = inspection.status === 'stored' ? inspection.record.outputs : []
    const output = outputs.find((image) => image.requested_format)
    if (!output?.requested_format) return { ...item, state }
    return { ...item, state, formatMismatch: { requested: output.requested_format, stored: output.format } }
  }

  return {
    options: resolved,
    store,
    remote: remote && createRemoteSync(local, remote),
    findManifests: () => findManifests(root),
    loadManifest: (file) => loadManifest(file, { root, logger, cacheDir: resolved.cacheDir }),
    loadManifests: () => loadManifests(root, { logger, cacheDir: resolved.cacheDir }),
    generate,
    plan,
    status: (planned) => Promise.all(planned.map(entryStatus)),
    resolve,
    report: () => scheduler?.report() ?? emptyReport(),
    close: async () => {
      await Promise.all([providers?.close(), store.saveVerified(), remote?.close()])
    },
  }
}

function generationRequest({ entry, recipe, key }: PlannedEntry): GenerationRequest {
  const files: GenerationRequest['files'] = { images: entry.images.map((image) => image.absolutePath) }
  if (entry.mask) files.mask = entry.mask.absolutePath
  if (entry.variation) files.variation = entry.variation.absolutePath
  if (recipe.inputs.references) files.references = entry.references.map((image) => image.absolutePath)
  return { key, recipe, entryName: entry.name, files }
}
