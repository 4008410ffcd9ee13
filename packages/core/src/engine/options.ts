import { resolve } from 'node:path'
import { ImagegenError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { defaultCacheDir } from '../pipeline/options.js'
import { type OpenAIOptions, openaiKeyVariable } from '../providers/openai/options.js'
import type { ProviderOptions } from '../providers/provider-options.js'
import { PROVIDER_NAMES, PROVIDERS } from '../providers/registry.js'
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
export interface Options extends ProviderOptions {
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
  /** Generations in flight at once, per provider. @default 4 */
  concurrency?: number
  /**
   * Retries of one failed generation that may succeed if sent again (as OpenAI's SDK: 2). An attempt
   * the service may have billed (an answer that cannot be used, a timeout) is retried once at most.
   * @default 2
   */
  maxRetries?: number
  /**
   * How long one attempt may take, in ms. High-quality large images take a minute or two; five
   * minutes leaves room without waiting ten (OpenAI's SDK default) on a hung request.
   * @default `openai.timeoutMs`, else `IMAGEGEN_TIMEOUT` (in seconds), else 300_000 (5 minutes)
   */
  timeoutMs?: number
  /** New images a run may generate; past it, the rest are left missing. @default Infinity */
  maxNewImages?: number
  /** Estimated USD a run may spend; past it, the rest are left missing. @default Infinity */
  maxCost?: number
  /** Under `maxCost`, generate images whose price is unknown too (they count as nothing). @default false */
  allowUnpriced?: boolean
  /**
   * Previews to show while an image generates in a dev server (`vite dev`), 0 to 3 per image, from
   * models that stream them (the GPT image models); each adds 100 output tokens to the image's cost.
   * Never stored. 0 turns streaming off; builds and the CLI never stream.
   * @default 2
   */
  partialImages?: number
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

export interface ResolvedOptions extends Required<ProviderOptions> {
  root: string
  storeDir: string
  cacheDir: string
  mode: Mode
  concurrency: number
  maxRetries: number
  timeoutMs: number
  maxNewImages: number
  maxCost: number
  allowUnpriced: boolean
  partialImages: number
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
    maxRetries = 2,
    timeoutMs = options.openai?.timeoutMs ?? timeoutFromEnv(env) ?? DEFAULT_TIMEOUT_MS,
    maxNewImages = Number.POSITIVE_INFINITY,
    maxCost = Number.POSITIVE_INFINITY,
    allowUnpriced = false,
    partialImages = 2,
    logger = silentLogger,
  } = options
  if (!MODES.includes(mode)) {
    throw new ImagegenError('CONFIG', `mode \`${mode}\` is not a mode`, { hint: `use ${MODES.join(', ')}` })
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ImagegenError('CONFIG', `concurrency \`${concurrency}\` is not a positive whole number`)
  }
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ImagegenError('CONFIG', `maxRetries \`${maxRetries}\` is not a whole number of 0 or more`)
  }
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new ImagegenError('CONFIG', `timeoutMs \`${timeoutMs}\` is not a positive number of milliseconds`)
  }
  if (!Number.isInteger(partialImages) || partialImages < 0 || partialImages > 3) {
    throw new ImagegenError(
      'CONFIG',
      `partialImages \`${partialImages}\` is not a whole number from 0 to 3`,
      {
        hint: 'use 0 (no previews) to 3',
      },
    )
  }
  const absoluteRoot = resolve(root)
  return {
    root: absoluteRoot,
    storeDir: resolve(absoluteRoot, storeDir),
    cacheDir: cacheDir === undefined ? defaultCacheDir(absoluteRoot) : resolve(absoluteRoot, cacheDir),
    mode,
    concurrency,
    maxRetries,
    timeoutMs,
    maxNewImages,
    maxCost,
    allowUnpriced,
    partialImages,
    ...providerSections(options),
    logger,
  }
}

/** Every provider's section of the options, `{}` where none is given. */
function providerSections(options: ProviderOptions): Required<ProviderOptions> {
  const sections = PROVIDER_NAMES.map((name) => [name, options[name as keyof ProviderOptions] ?? {}])
  return Object.fromEntries(sections) as Required<ProviderOptions>
}

const DEFAULT_TIMEOUT_MS = 300_000

/** `IMAGEGEN_TIMEOUT`, in seconds (`90`, `2.5`); undefined when unset. */
function timeoutFromEnv(env: Env): number | undefined {
  const value = env.IMAGEGEN_TIMEOUT?.trim()
  if (!value) return undefined
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ImagegenError('CONFIG', `IMAGEGEN_TIMEOUT=${value} is not a number of seconds`, {
      hint: 'use a positive number of seconds, such as IMAGEGEN_TIMEOUT=300',
    })
  }
  return seconds * 1000
}

/** DESIGN's defaults: an explicit `IMAGEGEN_MODE` wins; CI never pays; no provider's key means placeholders. */
export function defaultMode(env: Env, openai?: OpenAIOptions): Mode {
  const explicit = env.IMAGEGEN_MODE
  if (explicit) {
    if ((MODES as readonly string[]).includes(explicit)) return explicit as Mode
    throw new ImagegenError('CONFIG', `IMAGEGEN_MODE=${explicit} is not a mode`, {
      hint: `use ${MODES.join(', ')}`,
    })
  }
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return 'frozen'
  const openaiKey = env[openaiKeyVariable(openai)]
  const otherKey = PROVIDERS.some(
    (provider) => provider.name !== 'openai' && provider.keyVariables.some((name) => env[name]),
  )
  return openaiKey || otherKey ? 'generate' : 'placeholder'
}
