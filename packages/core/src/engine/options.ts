import { resolve } from 'node:path'
import { ImagegenError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { defaultCacheDir } from '../pipeline/options.js'
import type { OpenAIOptions } from '../providers/openai/options.js'
import type { RemoteOptions } from '../remote/options.js'

/**
 * - `generate`: generate what is missing.
 * - `frozen`: never call a provider; a missing image is an error naming the entry and the fix.
 * - `placeholder`: never call a provider; missing images get offline placeholders.
 */
export type Mode = 'generate' | 'frozen' | 'placeholder'
export const MODES: readonly Mode[] = ['generate', 'frozen', 'placeholder']

export type Env = Record<string, string | undefined>

/** Project settings, shared by the bundler plugins and the CLI. Per-image settings live in the manifests. */
export interface Options {
  /** The project root: manifests are found below it and input files must stay inside it. @default process.cwd() */
  root?: string
  /** The store directory, relative to `root`. @default '.imagegen' */
  storeDir?: string
  /**
   * Disposable caches (derivatives, which stored images are verified), relative to `root`.
   * @default `node_modules/.cache/imagegen` under the root
   */
  cacheDir?: string
  /**
   * @default `IMAGEGEN_MODE`; else `frozen` when `CI` is set; else `generate` with an API key; else `placeholder`
   */
  mode?: Mode
  /** Generations in flight at once. @default 4 */
  concurrency?: number
  /** Retries of one failed generation that may succeed if sent again. @default 6 */
  maxRetries?: number
  /** New images a run may generate; past it, the rest are left missing. @default Infinity */
  maxNewImages?: number
  /** Estimated USD a run may spend; past it, the rest are left missing. @default Infinity */
  maxCost?: number
  /** OpenAI provider settings; the key itself comes only from the environment. */
  openai?: OpenAIOptions
  /**
   * A shared store behind the local one (S3-compatible or a Bazel-style HTTP cache).
   * @default `IMAGEGEN_REMOTE` when set; else none
   */
  remote?: RemoteOptions
  /** Where progress and warnings go. @default silent */
  logger?: Logger
  /** The environment to read `OPENAI_API_KEY`, `IMAGEGEN_MODE`, `CI` from. @default process.env */
  env?: Env
}

export interface ResolvedOptions {
  root: string
  storeDir: string
  cacheDir: string
  mode: Mode
  concurrency: number
  maxRetries: number
  maxNewImages: number
  maxCost: number
  openai: OpenAIOptions
  logger: Logger
}

export function resolveOptions(options: Options = {}): ResolvedOptions {
  const {
    root = process.cwd(),
    storeDir = '.imagegen',
    cacheDir,
    env = process.env,
    mode = defaultMode(env, options.openai),
    concurrency = 4,
    maxRetries = 6,
    maxNewImages = Number.POSITIVE_INFINITY,
    maxCost = Number.POSITIVE_INFINITY,
    openai = {},
    logger = silentLogger,
  } = options
  if (!MODES.includes(mode)) {
    throw new ImagegenError('CONFIG', `mode \`${mode}\` is not a mode`, { hint: `use ${MODES.join(', ')}` })
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ImagegenError('CONFIG', `concurrency \`${concurrency}\` is not a positive whole number`)
  }
  const absoluteRoot = resolve(root)
  return {
    root: absoluteRoot,
    storeDir: resolve(absoluteRoot, storeDir),
    cacheDir: cacheDir === undefined ? defaultCacheDir(absoluteRoot) : resolve(absoluteRoot, cacheDir),
    mode,
    concurrency,
    maxRetries,
    maxNewImages,
    maxCost,
    openai,
    logger,
  }
}

/** DESIGN's defaults: an explicit `IMAGEGEN_MODE` wins; CI never pays; no key means placeholders. */
export function defaultMode(env: Env, openai?: OpenAIOptions): Mode {
  const explicit = env.IMAGEGEN_MODE
  if (explicit) {
    if ((MODES as readonly string[]).includes(explicit)) return explicit as Mode
    throw new ImagegenError('CONFIG', `IMAGEGEN_MODE=${explicit} is not a mode`, {
      hint: `use ${MODES.join(', ')}`,
    })
  }
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return 'frozen'
  const key = openai?.azure ? env.AZURE_OPENAI_API_KEY : env.OPENAI_API_KEY
  return key ? 'generate' : 'placeholder'
}
