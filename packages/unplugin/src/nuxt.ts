import type { Options } from './options.js'
import vite from './vite.js'

export type { ImagegenImage } from '@imagegen/core'
export type { Options } from './options.js'

const NAME = 'unplugin-imagegen/nuxt'

/** The parts of Nuxt (3 and 4) used here. */
interface Nuxt {
  options: { rootDir: string; builder?: unknown; imagegen?: ModuleOptions }
  hook(name: 'vite:extendConfig', callback: (config: { plugins?: unknown[] }) => void): unknown
}

export type ModuleOptions = Omit<Options, 'assetModuleFilename'>

/**
 * `nuxt.config.ts`: `modules: ['unplugin-imagegen/nuxt']`, options under `imagegen: { … }` (or as the
 * module's inline options). Gives each of Nuxt's Vite builds, client and server, a plugin of its own,
 * so `nuxt build`, `nuxt generate` and `nuxt dev` import `images.yaml`.
 */
function imagegenModule(inlineOptions: ModuleOptions, nuxt: Nuxt): void {
  const builder = nuxt.options.builder ?? '@nuxt/vite-builder'
  if (builder !== '@nuxt/vite-builder' && builder !== 'vite') {
    throw new Error(
      `${NAME}: works with Nuxt's Vite builder, not ${JSON.stringify(builder)}; remove builder from nuxt.config, or use unplugin-imagegen/webpack or /rspack in its webpack or rspack config`,
    )
  }
  const options = { root: nuxt.options.rootDir, ...nuxt.options.imagegen, ...inlineOptions }
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
