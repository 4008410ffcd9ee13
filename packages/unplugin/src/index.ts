import { createUnplugin, type UnpluginFactory, type UnpluginInstance } from 'unplugin'
import { BuildSession } from './build-session.js'
import { buildError } from './errors.js'
import { EsbuildAssets } from './hosts/esbuild.js'
import type { AssetEmitter, Host } from './hosts/host.js'
import { resolveEntrySpecifier, rollupEmitter } from './hosts/rollup.js'
import { viteHooks } from './hosts/vite.js'
import { webpackEmitter, webpackHooks } from './hosts/webpack.js'
import { loadModule } from './load-module.js'
import { ENTRY_SPECIFIER, MANIFEST_ID, parseManifestId } from './manifest-id.js'
import type { Options } from './options.js'
import { TypeFiles } from './type-files.js'

export type { ImagegenConfig, ImagegenImage, ImagegenImageMeta, ImagegenImageSource } from '@imagegen/core'
export { defineConfig } from '@imagegen/core'
export type { Options } from './options.js'

const NAME = 'unplugin-imagegen'

/** Files are emitted the way each bundler emits assets of its own; see the emitters. */
const EMITTERS: Record<string, (options: Options) => AssetEmitter> = {
  rollup: () => rollupEmitter,
  rolldown: () => rollupEmitter,
  vite: () => rollupEmitter,
  webpack: (options) => webpackEmitter(options.assetModuleFilename),
  rspack: (options) => webpackEmitter(options.assetModuleFilename),
  // One per plugin instance: it remembers which files it derived, the only ones it will load.
  esbuild: () => new EsbuildAssets(),
}

/**
 * One plugin for every bundler. Creating it reads nothing: the config file, the store and the cache
 * are opened by the first manifest a build imports.
 */
export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (options = {}, meta) => {
  const emitter = EMITTERS[meta.framework]?.(options)
  if (!emitter) throw new Error(`${NAME}: ${meta.framework} is not supported yet`)
  const host: Host = { root: undefined, logger: undefined, emitter }
  const session = new BuildSession(options, host)
  const typeFiles = new TypeFiles()
  const needsEntryResolution = meta.framework === 'rollup' || meta.framework === 'rolldown'

  return {
    name: NAME,
    // Before other YAML plugins, whose turn never comes for a module already loaded.
    enforce: 'pre',
    resolveId: needsEntryResolution
      ? { filter: { id: ENTRY_SPECIFIER }, handler: (id, importer) => resolveEntrySpecifier(id, importer) }
      : undefined,
    load: {
      filter: { id: MANIFEST_ID },
      async handler(id) {
        const manifestId = parseManifestId(id)
        if (!manifestId) return undefined
        const load = loadModule(this, manifestId, {
          session,
          emitter: host.emitter,
          typeFiles,
          dev: host.dev,
        })
        // Errors before the engine exists (a bad config file) have no position to resolve.
        const code = await session.track(load).catch((error: unknown) => {
          throw buildError(error, host.root ?? process.cwd())
        })
        // Rolldown (Vite 8) types modules by extension, and `.yaml` is not JavaScript to it.
        return { code, moduleType: 'js' } as { code: string }
      },
    },
    buildEnd: () => session.end(),
    vite: viteHooks(host, emitter),
    webpack: webpackHooks(host, NAME),
    rspack: webpackHooks(host, NAME),
    esbuild: { setup: emitter instanceof EsbuildAssets ? emitter.setup(host) : () => {} },
  }
}

const unplugin: UnpluginInstance<Options | undefined, false> = /* #__PURE__ */ createUnplugin(unpluginFactory)
export default unplugin
