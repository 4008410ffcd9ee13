import type { Logger } from '@imagegen/core'
import type { Plugin, Logger as ViteLogger } from 'vite'
import type { AssetEmitter, Host } from './host.js'

/** Vite's side of the plugin: its root, its logger, and in `vite dev` URLs its server answers. */
export function viteHooks(host: Host): Partial<Plugin> {
  return {
    configResolved(config) {
      host.root = config.root
      host.logger = viteLogger(config.logger)
      if (config.command === 'serve') host.emitter = devServerEmitter(config.base)
    },
  }
}

/**
 * `vite dev` emits nothing: the derivative cache's files are served as they are through `/@fs/`,
 * which the dev server allows under the workspace root, where the cache is.
 */
function devServerEmitter(base: string): AssetEmitter {
  const prefix = `${base.replace(/\/$/, '')}/@fs/`
  return {
    async url(_context, { variant }) {
      return { expression: JSON.stringify(prefix + variant.file.replace(/\\/g, '/').replace(/^\//, '')) }
    },
  }
}

function viteLogger(logger: ViteLogger): Logger {
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  }
}
