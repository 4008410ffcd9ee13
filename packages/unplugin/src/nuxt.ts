import { hasImagegenPlugin, settingError } from './framework-setup.js'
import type { Options } from './options.js'
import vite from './vite.js'
import { writeManifestTypes } from './write-types.js'

export type { ImagegenImage } from '@imagegen/core'
export type { Options } from './options.js'

const NAME = 'unplugin-imagegen/nuxt'

/** The parts of Nuxt (3 and 4) used here. */
interface Nuxt {
  options: {
    rootDir: string
    builder?: unknown
    imagegen?: ModuleOptions
    vite?: { plugins?: unknown[] }
    typescript?: { tsConfig?: { compilerOptions?: Record<string, unknown> } }
  }
  hook(name: 'vite:extendConfig', callback: (config: { plugins?: unknown[] }) => void): unknown
}

export type ModuleOptions = Omit<Options, 'assetModuleFilename'>

/**
 * `nuxt.config.ts`: `modules: ['unplugin-imagegen/nuxt']`, options under `imagegen: { … }` (or as the
 * module's inline options). Gives each of Nuxt's Vite builds, client and server, a plugin of its own:
 * the client build writes the files under `/_nuxt/`, where `nuxt generate` and Nitro serve them, and
 * the server build names the same files through Nuxt's `buildAssetsURL` (app.baseURL, cdnURL).
 * Writes the manifests' types at setup (so `nuxt prepare` leaves them too) and has TypeScript read them.
 */
async function imagegenModule(inlineOptions: ModuleOptions, nuxt: Nuxt): Promise<void> {
  const builder = nuxt.options.builder ?? '@nuxt/vite-builder'
  if (builder !== '@nuxt/vite-builder' && builder !== 'vite') {
    throw settingError(
      NAME,
      `works with Nuxt's Vite builder only, not ${typeof builder === 'string' ? JSON.stringify(builder) : 'a custom builder'}; remove builder from nuxt.config (Vite is Nuxt's default)`,
    )
  }
  if (hasImagegenPlugin(nuxt.options.vite?.plugins)) {
    throw settingError(
      NAME,
      `nuxt.config has imagegen() in vite.plugins as well as in modules; remove it from vite.plugins, the module adds it`,
    )
  }
  const options = { root: nuxt.options.rootDir, ...nuxt.options.imagegen, ...inlineOptions }
  if (options.dts !== false) {
    allowArbitraryExtensions(nuxt)
    await writeManifestTypes(options)
  }
  nuxt.hook('vite:extendConfig', (config) => {
    config.plugins ??= []
    config.plugins.push(vite(options))
  })
}

/** What Nuxt reads from a module: its name and config key. */
imagegenModule.meta = { name: 'unplugin-imagegen', configKey: 'imagegen' }
imagegenModule.getMeta = async () => imagegenModule.meta
imagegenModule.getOptions = async (inline?: ModuleOptions) => inline ?? {}

export default imagegenModule

/**
 * `images.d.yaml.ts` is read by TypeScript only under `allowArbitraryExtensions`. Nuxt writes the
 * tsconfig it type-checks with (`.nuxt/tsconfig*.json`) from `typescript.tsConfig`; a value the project
 * gives there is left alone.
 */
function allowArbitraryExtensions(nuxt: Nuxt): void {
  nuxt.options.typescript ??= {}
  nuxt.options.typescript.tsConfig ??= {}
  nuxt.options.typescript.tsConfig.compilerOptions ??= {}
  nuxt.options.typescript.tsConfig.compilerOptions.allowArbitraryExtensions ??= true
}
