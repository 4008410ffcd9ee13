import {
  type DerivedEntry,
  deriveEntries,
  type PlannedEntry,
  pendingEntry,
  type ResolvedEntry,
} from '@imagegen/core/internal'
import type { ViteDevServer } from 'vite'
import type { BuildEngine } from '../build-session.js'
import type { AssetEmitter } from '../hosts/host.js'
import { MANIFEST_ID } from '../id-filters.js'
import { Arrivals } from './arrivals.js'
import { DevImageUrls, type GenerationState } from './dev-urls.js'

/** The entries of one module: derived, in the manifest's order, and which of them were resolved. */
export interface DevEntries {
  derived: DerivedEntry[]
  /** From the store, or placeholders outside `generate` mode: what the summary counts now. */
  resolved: ResolvedEntry[]
}

/**
 * `vite dev`: every file is served by middleware under `<base>@imagegen/`, and an entry missing from
 * the store (in `generate` mode) does not hold the page up. Its module arrives at once, with the
 * requested sizes and URLs that answer with a placeholder until the image is generated; the previews a
 * streaming model sends (`partialImages`), then the image, replace it in the page (see `Arrivals`), and
 * later imports come from the store.
 */
export class ViteDevImages {
  private server: ViteDevServer | undefined
  private arrivals: Arrivals | undefined
  private readonly urls: DevImageUrls
  private readonly generations = new Map<string, GenerationState>()
  /** Entries answered as pending, by their recipe key. */
  private readonly pendingEntries = new WeakMap<object, string>()

  constructor(base: string) {
    this.urls = new DevImageUrls(base)
  }

  readonly emitter: AssetEmitter = {
    emitsBytes: false,
    url: async (_context, asset) => {
      const key = this.pendingEntries.get(asset.entry)
      const url = key === undefined ? this.urls.stored(asset.variant) : this.urls.pending(key, asset)
      return { expression: JSON.stringify(url) }
    },
  }

  configureServer(server: ViteDevServer): void {
    this.server = server
    this.arrivals = new Arrivals(server)
    server.httpServer?.once('close', () => this.arrivals?.close())
    server.middlewares.use(
      this.urls.middleware(
        (key) => this.generations.get(key),
        () => this.invalidateManifests(),
      ),
    )
  }

  /** The swapping client's `<script>` for every page Vite serves. */
  clientScript(): string {
    return this.urls.clientSrc()
  }

  /**
   * The entries of one module, by the mode: in `generate` mode the missing ones come back at once as
   * pending entries (nothing drawn) and start generating; the other modes resolve as in a build
   * (placeholders with one warning, or `frozen`'s error).
   */
  async entries(
    engine: BuildEngine,
    planned: readonly PlannedEntry[],
    file: string,
    onGenerated: (entry: ResolvedEntry) => void,
  ): Promise<DevEntries> {
    const { imagegen, pipeline } = engine
    // Every generation writes locks, blobs and recipes there: nothing for the watcher to act on.
    this.server?.watcher.unwatch(imagegen.options.storeDir)
    if (imagegen.options.mode !== 'generate') {
      const resolved = await imagegen.resolve(planned)
      return { derived: await deriveEntries(pipeline, resolved), resolved }
    }
    const stored = await Promise.all(planned.map((item) => imagegen.store.readRecipe(item.key)))
    const resolved = await imagegen.resolve(planned.filter((_, index) => stored[index]))
    const ready = await deriveEntries(pipeline, resolved)
    const derived = planned.map((item, index) => {
      if (stored[index]) return ready.find((entry) => entry.key === item.key) as DerivedEntry
      this.pendingEntries.set(item.entry, item.key)
      this.generate(engine, item, file, onGenerated)
      return pendingEntry(item)
    })
    return { derived, resolved }
  }

  /** Every manifest module is loaded (and so derived) again on its next request. */
  private invalidateManifests(): void {
    const graph = this.server?.moduleGraph
    if (!graph) return
    for (const module of graph.idToModuleMap.values())
      if (module.id && MANIFEST_ID.test(module.id)) graph.invalidateModule(module)
  }

  /** Once per key at a time; a failed generation is tried again by the next load of its module. */
  private generate(
    engine: BuildEngine,
    item: PlannedEntry,
    file: string,
    onGenerated: (entry: ResolvedEntry) => void,
  ): void {
    const state = this.generations.get(item.key)
    if (state && state.state !== 'failed') return
    this.generations.set(item.key, { state: 'pending' })
    engine.imagegen
      .resolve([item], {
        onGenerate: engine.progress.onGenerate,
        onPartial: (_, image) => this.arrivals?.preview(this.urls.preview(item.key, image)),
      })
      .then(async ([resolved]) => {
        if (!resolved) throw new Error(`unplugin-imagegen: ${item.entry.name} resolved to nothing`)
        onGenerated(resolved)
        const [entry] = await deriveEntries(engine.pipeline, [resolved])
        if (!entry) throw new Error(`unplugin-imagegen: ${item.entry.name} derived to nothing`)
        this.generations.set(item.key, { state: 'done', entry })
        this.arrivals?.add(file, this.urls.arrived(item.key, entry))
      })
      .catch((error: unknown) => {
        const message = `unplugin-imagegen: ${item.entry.name}: ${error instanceof Error ? error.message : String(error)}`
        this.generations.set(item.key, { state: 'failed', message })
        this.urls.failed(item.key)
        engine.options.logger.error(message)
        this.server?.environments.client.hot.send({ type: 'error', err: { message, stack: '' } })
        // Not pushed to the page, which would load the module again and fail again: its next load retries.
        for (const module of this.server?.moduleGraph.getModulesByFile(file) ?? []) {
          this.server?.moduleGraph.invalidateModule(module)
        }
      })
  }
}
