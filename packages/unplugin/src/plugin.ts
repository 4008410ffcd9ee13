import type { UnpluginFactory } from 'unplugin'
import { EsbuildAssets } from './hosts/esbuild.js'
import type { AssetEmitter, Host } from './hosts/host.js'
import { resolveEntrySpecifier, rollupEmitter } from './hosts/rollup.js'
import { viteHooks } from './hosts/vite.js'
import { webpackEmitter, webpackHooks } from './hosts/webpack.js'
import { ENTRY_SPECIFIER, MANIFEST_ID } from './id-filters.js'
import type { ManifestLoader } from './manifest-loader.js'
import type { Options } from './options.js'

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
 * One plugin for every bundler. Creating it reads nothing and loads no engine: the config file, the
 * store and the cache, and the code that reads them, are opened by the first manifest a build imports.
 * The hooks check their filters themselves too, for bundlers that do not apply them (Rollup < 4.40).
 */
export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (options = {}, meta) => {
  const emitter = EMITTERS[meta.framework]?.(options)
  if (!emitter) throw new Error(`${NAME}: ${meta.framework} is not supported yet`)
  const host: Host = { root: undefined, logger: undefined, emitter }
  let loader: Promise<ManifestLoader> | undefined
  const startLoader = () => {
    loader ??= import('./manifest-loader.js').then((module) => module.manifestLoader(options, host))
    return loader
  }
  const needsEntryResolution = meta.framework === 'rollup' || meta.framework === 'rolldown'

  return {
    name: NAME,
    // Before other YAML plugins, whose turn never comes for a module already loaded.
    enforce: 'pre',
    resolveId: needsEntryResolution
      ? {
          filter: { id: ENTRY_SPECIFIER },
          handler: (id, importer) =>
            ENTRY_SPECIFIER.test(id) ? resolveEntrySpecifier(id, importer) : undefined,
        }
      : undefined,
    load: {
      filter: { id: MANIFEST_ID },
      async handler(id) {
        if (!MANIFEST_ID.test(id)) return undefined
        const code = await (await startLoader()).load(this, id)
        // Rolldown (Vite 8) types modules by extension, and `.yaml` is not JavaScript to it.
        return code === undefined ? undefined : ({ code, moduleType: 'js' } as { code: string })
      },
    },
    buildEnd: async () => {
      await (await loader)?.end()
    },
    vite: viteHooks(host, emitter),
    webpack: webpackHooks(host, NAME),
    rspack: webpackHooks(host, NAME),
    esbuild: { setup: emitter instanceof EsbuildAssets ? emitter.setup(host) : () => {} },
  }
}
