import type { Logger } from '@imagegen/core'
import type { Plugin, Logger as ViteLogger } from 'vite'
import { ViteDevImages } from '../vite-dev.js'
import type { AssetEmitter, Host } from './host.js'

/**
 * Vite's side of the plugin: its root, its logger, and in `vite dev` the middleware that serves the
 * images (see `ViteDevImages`). One plugin object may serve several Vite instances in turn (Astro runs
 * a dev-mode Vite before its build), so each one sets the emitter again: `buildEmitter` for a build.
 */
export function viteHooks(host: Host, buildEmitter: AssetEmitter): Partial<Plugin> {
  return {
    configResolved(config) {
      host.root = config.root
      host.logger = viteLogger(config.logger)
      if (config.command !== 'serve') {
        delete host.dev
        host.emitter = buildEmitter
        return
      }
      host.dev = new ViteDevImages(config.base)
      host.emitter = host.dev.emitter
    },
    configureServer(server) {
      host.dev?.configureServer(server)
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
