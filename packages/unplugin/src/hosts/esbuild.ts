import { readFile } from 'node:fs/promises'
import type { PluginBuild } from 'esbuild'
import type { AssetEmitter, Host } from './host.js'

const PREFIX = 'imagegen-asset:'
const NAMESPACE = 'imagegen-asset'

/**
 * esbuild: module code imports each file, and esbuild's `file` loader copies it to the output under
 * `assetNames` (`[name]-[hash]` by default) and answers with its URL under `publicPath`; it does so
 * with `write: false` too. The path keeps the readable name for `[name]` and a content hash to tell
 * apart files of the same name.
 */
export const esbuildEmitter: AssetEmitter = {
  emitsBytes: false,
  async url(_context, { variant, name }) {
    const query = new URLSearchParams({ file: variant.file })
    return { import: `${PREFIX}${variant.hash.slice(0, 16)}/${name}?${query}` }
  },
}

export function esbuildSetup(host: Host): (build: PluginBuild) => void {
  return (build) => {
    host.root = build.initialOptions.absWorkingDir ?? host.root
    build.onResolve({ filter: /^imagegen-asset:/ }, ({ path }) => {
      const [name = '', query = ''] = path.slice(PREFIX.length).split('?')
      return { path: name, namespace: NAMESPACE, pluginData: new URLSearchParams(query).get('file') }
    })
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async ({ pluginData }) => ({
      contents: await readFile(pluginData as string),
      loader: 'file',
    }))
  }
}
