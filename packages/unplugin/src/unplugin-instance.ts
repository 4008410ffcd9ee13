import { createUnplugin, type UnpluginInstance } from 'unplugin'
import type { Options } from './options.js'
import { unpluginFactory } from './plugin.js'

/**
 * The factory's plugin for every bundler, through unplugin. Apart from `index.ts`, whose re-export of
 * `defineConfig` loads `@imagegen/core`: the webpack, Rspack and esbuild entries load no engine until
 * a build imports a manifest.
 */
const unplugin: UnpluginInstance<Options | undefined, false> = /* #__PURE__ */ createUnplugin(unpluginFactory)
export default unplugin
