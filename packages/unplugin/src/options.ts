import { resolve } from 'node:path'
import type { Options as CoreOptions, ImagegenConfig, Logger } from '@imagegen/core/internal'

/** The project settings, as the CLI and `imagegen.config.*` take them. Left unset, the config file's apply. */
export type ProjectOptions = ImagegenConfig & Pick<CoreOptions, 'env'>

export interface Options extends ProjectOptions {
  /**
   * The project root: `imagegen.config.*`, the store and the derivative cache are found from here,
   * and manifests name their input files inside it.
   * @default Vite's `root`, webpack's and Rspack's `context`, esbuild's `absWorkingDir`, else `process.cwd()`
   */
  root?: string
  /**
   * The config file, relative to the root, or `false` to read none. Options given here win over it.
   * @default the first of `imagegen.config.ts`, `.mts`, `.mjs`, `.js` at the root
   */
  config?: string | false
  /**
   * Write `images.d.yaml.ts` beside each manifest (for TypeScript's `allowArbitraryExtensions`), and
   * `imagegen-env.d.ts` at the root for `?image=` imports, whenever their content changes.
   * @default true
   */
  dts?: boolean
  /**
   * webpack and Rspack: the name of each emitted image, with webpack's placeholders (`[name]`, `[ext]`,
   * `[hash]`/`[contenthash]` of the file), relative to `output.path` and under `output.publicPath`.
   * @default the bundler's `output.assetModuleFilename` (`[hash][ext][query]` unless the project sets it)
   */
  assetModuleFilename?: string
  /**
   * Give each imported image its `meta`: the prompt, the model, the revised prompt and the recipe key.
   * Off, they stay out of the bundle that ships to browsers.
   * @default false
   */
  meta?: boolean
  /** Where warnings and the one-line build summary go. @default the bundler's logger (the console for Rollup and esbuild) */
  logger?: Logger
}

export interface ResolvedOptions {
  root: string
  /** Undefined: look for one. */
  config: string | false | undefined
  dts: boolean
  meta: boolean
  logger: Logger
  /** Only the settings given inline; the engine fills the rest from the config file and its defaults. */
  project: ProjectOptions
}

/** What the bundler says about the project, known once it has read its own config. */
export interface BundlerDefaults {
  root: string
  logger: Logger
}

export function resolveOptions(options: Options, bundler: BundlerDefaults): ResolvedOptions {
  const {
    root = bundler.root,
    config,
    dts = true,
    meta = false,
    logger = bundler.logger,
    assetModuleFilename: _assetModuleFilename,
    ...project
  } = options
  return {
    root: resolve(root),
    config,
    dts,
    meta,
    logger,
    project: withoutUndefined(project),
  }
}

/** `{ mode: undefined }` must not hide the config file's `mode`. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T
}
