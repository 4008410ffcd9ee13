import type { Logger } from '@imagegen/core'
import type { AssetUrl, ModuleAsset } from '@imagegen/core/internal'
import type { UnpluginBuildContext } from 'unplugin'
import type { ViteDevImages } from '../vite-dev/index.js'

/** How one bundler turns a derived image file into something its output can fetch. */
export interface AssetEmitter {
  /**
   * Whether `url` emits the file's bytes. If so, a module's files are all read at once before the
   * first `url` call (emission itself stays one after another, in order), and each call gets its own.
   */
  readonly emitsBytes: boolean
  /** Emits `asset` through the bundler's own asset mechanism and says how module code reaches its URL. */
  url(context: UnpluginBuildContext, asset: ModuleAsset, bytes?: Buffer): Promise<AssetUrl>
}

/** What the plugin learns from the bundler it runs in, once the bundler has read its own config. */
export interface Host {
  root: string | undefined
  logger: Logger | undefined
  emitter: AssetEmitter
  /** Vite's dev server, which answers missing entries at once and generates them behind the page. */
  dev?: ViteDevImages
}

/** For bundlers without a logger of their own to lend. */
export const consoleLogger: Logger = {
  info: (message) => console.info(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
}
