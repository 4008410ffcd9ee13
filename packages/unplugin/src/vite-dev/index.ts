import { createHash } from 'node:crypto'
import type { PlannedEntry, ResolvedEntry } from '@imagegen/core'
import { createPlaceholderProvider, type DerivedEntry, deriveEntries } from '@imagegen/core/internal'
import type { ViteDevServer } from 'vite'
import type { BuildEngine } from '../build-session.js'
import type { AssetEmitter } from '../hosts/host.js'
import { DevImageUrls } from './dev-urls.js'

/** One missing entry being generated and derived behind the page. */
interface Generation {
  derived: Promise<DerivedEntry>
  failed: boolean
}

/**
 * `vite dev`: every file is served by middleware under `<base>@imagegen/`, and an entry missing
 * from the store (in `generate` mode) does not hold the page up. Its module arrives at once, made
 * from a placeholder of the requested size, with URLs that wait for the generation; once the entry
 * is in the store the module is reloaded through HMR and comes from the store like any other.
 */
export class ViteDevImages {
  private server: ViteDevServer | undefined
  private readonly urls: DevImageUrls
  private readonly generations = new Map<string, Generation>()
  /** Entries answered by a placeholder while generated, by their recipe key. */
  private readonly pendingEntries = new WeakMap<object, string>()
  private readonly placeholders = createPlaceholderProvider()

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
    server.middlewares.use(this.urls.middleware((key) => this.generations.get(key)?.derived))
  }

  /**
   * The entries of one module, by the mode: in `generate` mode the missing ones come back as
   * placeholders of the requested size at once, and start generating; the other modes resolve as
   * in a build (placeholders with one warning, or `frozen`'s error).
   */
  async resolve(
    engine: BuildEngine,
    planned: readonly PlannedEntry[],
    file: string,
  ): Promise<ResolvedEntry[]> {
    const { imagegen } = engine
    // Every generation writes locks, blobs and recipes there: nothing for the watcher to act on.
    this.server?.watcher.unwatch(imagegen.options.storeDir)
    if (imagegen.options.mode !== 'generate') return imagegen.resolve(planned)
    const stored = await Promise.all(planned.map((item) => imagegen.store.readRecipe(item.key)))
    const ready = planned.filter((_, index) => stored[index])
    const resolved = await imagegen.resolve(ready)
    const missing = planned.filter((_, index) => !stored[index])
    for (const item of missing) this.generate(engine, item, file)
    const placeholders = await Promise.all(missing.map((item) => this.placeholder(item)))
    return planned.map(
      (item) =>
        resolved.find((entry) => entry.key === item.key) ??
        (placeholders.find((entry) => entry.key === item.key) as ResolvedEntry),
    )
  }

  private async placeholder(item: PlannedEntry): Promise<ResolvedEntry> {
    const { entry, recipe, key } = item
    const images = entry.images.map((image) => image.absolutePath)
    const result = await this.placeholders.generate({ key, recipe, entryName: entry.name, files: { images } })
    this.pendingEntries.set(entry, key)
    return {
      ...item,
      source: 'placeholder',
      images: result.images.map(({ bytes, ...image }) => ({
        ...image,
        hash: createHash('sha256').update(bytes).digest('hex'),
        read: async () => bytes,
      })),
    }
  }

  /** Once per key at a time; a failed generation is tried again by the next load of its module. */
  private generate(engine: BuildEngine, item: PlannedEntry, file: string): void {
    const running = this.generations.get(item.key)
    if (running && !running.failed) return
    const derived = engine.imagegen
      .resolve([item])
      .then((resolved) => deriveEntries(engine.pipeline, resolved))
      .then(([entry]) => {
        if (!entry) throw new Error(`unplugin-imagegen: ${item.entry.name} resolved to nothing`)
        return entry
      })
    const generation: Generation = { derived, failed: false }
    this.generations.set(item.key, generation)
    derived.then(
      () => this.reload(file, true),
      (error: unknown) => {
        generation.failed = true
        const message = `unplugin-imagegen: ${item.entry.name}: ${error instanceof Error ? error.message : String(error)}`
        engine.options.logger.error(message)
        this.server?.hot.send({ type: 'error', err: { message, stack: '' } })
        // Not pushed to the page, which would load the module again and fail again: its next load retries.
        return this.reload(file, false)
      },
    )
  }

  /**
   * Invalidates every module of the manifest (`?image=` ones too); with `update`, Vite's HMR then
   * updates their importers, or reloads the page when none accepts the update.
   */
  private async reload(file: string, update: boolean): Promise<void> {
    const server = this.server
    const modules = server?.moduleGraph.getModulesByFile(file)
    if (!server || !modules) return
    await Promise.all(
      [...modules].map((module) =>
        update ? server.reloadModule(module) : server.moduleGraph.invalidateModule(module),
      ),
    ).catch((error: unknown) => server.config.logger.error(String(error)))
  }
}
