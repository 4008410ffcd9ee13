import type { Options } from '../engine/options.js'
import type { ProviderOptions } from '../providers/provider-options.js'

/**
 * What `imagegen.config.{ts,mjs,js}` may set: the project's settings, shared by the CLI and every
 * bundler plugin. The root is where the file is; loggers and environments belong to the process.
 */
export type ImagegenConfig = Pick<
  Options,
  | 'storeDir'
  | 'cacheDir'
  | 'mode'
  | 'concurrency'
  | 'maxRetries'
  | 'timeoutMs'
  | 'maxNewImages'
  | 'maxCost'
  | 'allowUnpriced'
  | 'partialImages'
  | keyof ProviderOptions
  | 'remote'
>

/** Types a config file's default export: `export default defineConfig({ mode: 'frozen' })`. */
export function defineConfig(config: ImagegenConfig): ImagegenConfig {
  return config
}
