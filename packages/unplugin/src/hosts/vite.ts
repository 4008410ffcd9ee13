import type { Logger } from '@imagegen/core/internal'
import type { Plugin, ResolvedConfig, Logger as ViteLogger } from 'vite'
import { MANIFEST_ID } from '../id-filters.js'
import type { AssetEmitter, Host } from './host.js'

/**
 * Vite's side of the plugin: its root, its logger, and in `vite dev` the middleware that serves the
 * images (see `ViteDevImages`). One plugin object may serve several Vite instances in turn (Astro runs
 * a dev-mode Vite before its build), so each one sets the emitter again: `buildEmitter` for a build.
 */
export function viteHooks(host: Host, buildEmitter: AssetEmitter): Partial<Plugin> {
  let config: ResolvedConfig | undefined

  return {
    async configResolved(resolved) {
      config = resolved
      host.root = resolved.root
      host.logger = viteLogger(resolved.logger)
      if (resolved.command !== 'serve') {
        delete host.dev
        host.emitter = buildEmitter
        return
      }
      // Loaded here: it reaches the engine, which a build loads with its first manifest.
      const { ViteDevImages } = await import('../vite-dev/index.js')
      host.dev = new ViteDevImages(resolved.base)
      host.emitter = host.dev.emitter
    },
    configureServer(server) {
      host.dev?.configureServer(server)
    },
    transformIndexHtml() {
      const src = host.dev?.clientScript()
      return src ? [{ tag: 'script', attrs: { type: 'module', src }, injectTo: 'head' }] : []
    },
    resolveFileUrl({ moduleId, fileName, chunkId }) {
      // Vite 8 (Rolldown) resolves `import.meta.ROLLUP_FILE_URL_*` under `base` itself.
      if (!config || this.meta.rolldownVersion || !MANIFEST_ID.test(moduleId)) return null
      return builtUrl(config, fileName, chunkId)
    },
  }
}

/**
 * The URL of an emitted image in a built chunk, as Vite 6 and 7 write their own assets' URLs: under
 * `base`, or as `experimental.renderBuiltUrl` says. Without this, Rollup writes a URL relative to the
 * chunk (`new URL('…', import.meta.url)`), which in a server build (Astro's pages, any SSR) is the
 * `file://` URL of the chunk on disk rather than a URL a browser can fetch. Null keeps Rollup's relative
 * URL, which is right for a relative `base`.
 */
function builtUrl(config: ResolvedConfig, fileName: string, chunkId: string): string | null {
  const custom = config.experimental.renderBuiltUrl?.(fileName, {
    hostId: chunkId,
    hostType: 'js',
    type: 'asset',
    ssr: Boolean(config.build.ssr),
  })
  if (typeof custom === 'string') return JSON.stringify(custom)
  if (custom && 'runtime' in custom && custom.runtime) return custom.runtime
  if (custom && 'relative' in custom && custom.relative) return null
  if (config.base === '' || config.base.startsWith('.')) return null
  return JSON.stringify(config.base + fileName)
}

/**
 * Vite's logger, each message on a line of its own: on a terminal Vite keeps its `transforming (6) …`
 * status on a line without an end, which a message would be glued to; that line is cleared first (Vite
 * writes it again on its next update).
 */
function viteLogger(logger: ViteLogger): Logger {
  const ownLine = (message: string) => {
    if (process.stdout.isTTY) process.stdout.write('\r\u001b[2K')
    return message
  }
  return {
    info: (message) => logger.info(ownLine(message)),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  }
}
