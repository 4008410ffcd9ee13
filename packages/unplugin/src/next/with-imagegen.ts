import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultMode } from '@imagegen/core/internal'
import { allowArbitraryExtensions } from '../typescript-config.js'
import type { LoaderOptions, NextOptions } from './loader-options.js'
import { prepareImages } from './prepare.js'

const NAME = 'unplugin-imagegen/next'
/** Turbopack matches a rule's key against the file name. */
const TURBOPACK_GLOBS = ['images.yaml', '*.images.yaml'] as const
/** webpack tests the path without its query. */
const WEBPACK_TEST = /(?:^|[\\/])(?:[^\\/]+\.)?images\.yaml$/

/** The parts of Next's config this touches; the rest passes through unchanged. */
interface NextConfigLike {
  turbopack?: { rules?: Record<string, unknown>; [key: string]: unknown }
  webpack?: ((config: WebpackConfigLike, context: unknown) => unknown) | null
  [key: string]: unknown
}
interface WebpackConfigLike {
  module?: { rules?: unknown[] }
}
type NextConfigFunction<C> = (phase: string, context: { defaultConfig: C }) => C | Promise<C>

/**
 * `next.config.*`: `export default withImagegen(nextConfig)`. Loads `images.yaml` under Turbopack (the
 * default of `next dev` and `next build`) and under `--webpack`, the same loader in both; the images
 * become ordinary image imports, which Next emits under `/_next/static/media/`. Returns a config
 * function, which Next calls with the phase: before a build or dev server every manifest's files are
 * made (see `prepareImages`). A config function given to it is called the same way.
 */
export function withImagegen<C extends object>(
  nextConfig: C | NextConfigFunction<C> = {} as C,
  options: NextOptions = {},
): NextConfigFunction<C> {
  const root = resolve(options.root ?? process.cwd())
  return async (phase, context) => {
    const config = typeof nextConfig === 'function' ? await nextConfig(phase, context) : nextConfig
    // Next's own type has no index signature: read through the parts this touches.
    const withRules = withLoader(config as NextConfigLike, { ...options, root }) as C
    // Next reads its config again in the worker it compiles in, which inherits this process's
    // environment: the files are made once, before either.
    if (BUNDLING_PHASES.has(phase) && !process.env[PREPARED]) {
      await prepareImages({ ...options, root })
      process.env[PREPARED] = '1'
    }
    return withRules
  }
}

const PREPARED = 'IMAGEGEN_NEXT_PREPARED'

/** `next build` and `next dev`; `next start` and the others bundle nothing. */
const BUNDLING_PHASES = new Set(['phase-production-build', 'phase-development-server'])

function withLoader<C extends NextConfigLike>(config: C, options: NextOptions & { root: string }): C {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(
      `${NAME}: withImagegen() takes the Next config object (or a function that returns one), not ${config === null ? 'null' : typeof config}: export default withImagegen({ /* next config */ })`,
    )
  }
  const changed = options.dts === false ? undefined : allowArbitraryExtensions(options.root, NAME)
  if (changed) console.info(changed)
  const loader = { loader: LOADER_FILE, options: loaderOptions(options) }
  const rules = { ...config.turbopack?.rules }
  for (const glob of TURBOPACK_GLOBS) {
    if (rules[glob] !== undefined) {
      throw new Error(
        `${NAME}: next.config already has turbopack.rules['${glob}'], which withImagegen sets to load images.yaml; remove that rule`,
      )
    }
    rules[glob] = { loaders: [loader], as: '*.js' }
  }
  const webpack = config.webpack
  return {
    ...config,
    turbopack: { ...config.turbopack, rules },
    webpack(webpackConfig: WebpackConfigLike, context: unknown) {
      webpackConfig.module ??= {}
      webpackConfig.module.rules ??= []
      webpackConfig.module.rules.push({ test: WEBPACK_TEST, type: 'javascript/auto', use: [loader] })
      return webpack ? webpack(webpackConfig, context) : webpackConfig
    },
  }
}

const LOADER_FILE = fileURLToPath(new URL('./next-loader.js', import.meta.url))

function loaderOptions(options: NextOptions & { root: string }): LoaderOptions {
  let environmentMode: string
  try {
    environmentMode = defaultMode(options.env ?? process.env, options.openai)
  } catch (error) {
    // A bad IMAGEGEN_MODE fails the first load, with the engine's own message.
    environmentMode = String(error)
  }
  return { options, environmentMode }
}
