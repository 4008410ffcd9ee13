import type { UnpluginInstance } from 'unplugin'
import type { Options } from './options.js'
import { unpluginFactory } from './plugin.js'

type Instance = UnpluginInstance<Options | undefined, false>

/**
 * The Vite or Rollup plugin, made from the shared factory without importing unplugin, whose adapters
 * for every bundler (with picomatch and a source-map library) cost a Vite process more at start-up
 * than the whole plugin. What unplugin does for these two is small: their plugin is the factory's
 * hooks, with the bundler's own (`vite: {…}`) added; the factory's hooks check their own filters.
 */
export function directPlugin<Framework extends 'vite' | 'rollup'>(framework: Framework): Instance[Framework] {
  const plugin = (options?: Options) => {
    const { vite, rollup, webpack, rspack, esbuild, ...hooks } = unpluginFactory(options, {
      framework,
      versions: {},
    })
    return { ...hooks, ...(framework === 'vite' ? vite : rollup) }
  }
  return plugin as Instance[Framework]
}
