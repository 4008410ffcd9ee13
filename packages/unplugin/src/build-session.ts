import {
  createImagegen,
  createPipeline,
  type ImagegenEngine,
  type Logger,
  loadConfig,
  type Pipeline,
  type ResolvedEntry,
} from '@imagegen/core/internal'
import { GenerationProgress } from './generation-progress.js'
import { consoleLogger, type Host } from './hosts/host.js'
import { type Options, type ResolvedOptions, resolveOptions } from './options.js'
import { type EntrySource, summaryLine } from './summary.js'

/** The engine of one build, made on first use: a build that imports no manifest touches nothing. */
export interface BuildEngine {
  imagegen: ImagegenEngine
  pipeline: Pipeline
  options: ResolvedOptions
  /** The config file the settings came from, to watch. */
  configFile: string | undefined
  progress: GenerationProgress
}

/**
 * One build (or one rebuild of a watching bundler): its engine, with the budget and the report of
 * that build, and which entries it served from where, for the summary line at its end.
 */
export class BuildSession {
  private engine: Promise<BuildEngine> | undefined
  private readonly sources = new Map<string, EntrySource>()
  private readonly loads = new Set<Promise<unknown>>()

  constructor(
    private readonly options: Options,
    private readonly host: Pick<Host, 'root' | 'logger'>,
  ) {}

  start(): Promise<BuildEngine> {
    this.engine ??= this.createEngine()
    return this.engine
  }

  /**
   * Keeps `load` until it settles. A bundler may end a failed build while other modules still load;
   * their generations are paid for, so the session waits for them to reach the store before closing.
   */
  track<T>(load: Promise<T>): Promise<T> {
    this.loads.add(load)
    const settled = () => this.loads.delete(load)
    load.then(settled, settled)
    return load
  }

  /** Counts each entry once, however many modules of the build asked for it. */
  record(entries: readonly ResolvedEntry[]): void {
    for (const { key, source } of entries) this.sources.set(key, source)
  }

  /** Prints the summary (when the build served any entry) and frees the engine. */
  async end(): Promise<void> {
    await Promise.allSettled(this.loads)
    const started = this.engine
    this.engine = undefined
    const engine = await started?.catch(() => undefined)
    if (!engine) return
    if (this.sources.size > 0) {
      engine.options.logger.info(summaryLine(this.sources.values(), engine.imagegen.report()))
    }
    this.sources.clear()
    engine.progress.stop()
    await engine.imagegen.close()
  }

  private async createEngine(): Promise<BuildEngine> {
    const options = resolveOptions(this.options, {
      root: this.host.root ?? process.cwd(),
      logger: this.host.logger ?? consoleLogger,
    })
    const { root, config, logger, project } = options
    const loaded = config === false ? undefined : await loadConfig(root, config ? { file: config } : {})
    // The engine's progress is detail to a bundler, whose output gets one line: the summary.
    const quiet: Logger = { ...logger, info: (message) => logger.debug?.(message) }
    const imagegen = createImagegen({ ...loaded?.config, ...project, root, logger: quiet })
    return {
      imagegen,
      pipeline: createPipeline({ cacheDir: imagegen.options.cacheDir, logger }),
      options,
      configFile: loaded?.file,
      progress: new GenerationProgress(logger),
    }
  }
}
