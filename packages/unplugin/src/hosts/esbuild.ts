import { readFile } from 'node:fs/promises'
import type { ModuleAsset } from '@imagegen/core/internal'
import type { PluginBuild } from 'esbuild'
import type { AssetEmitter, Host } from './host.js'

const PREFIX = 'imagegen-asset:'
const NAMESPACE = 'imagegen-asset'

/**
 * esbuild: module code imports each file, and esbuild's `file` loader copies it to the output under
 * `assetNames` (`[name]-[hash]` by default) and answers with its URL under `publicPath`; it does so
 * with `write: false` too. The id keeps the readable name for `[name]` and a content hash to tell
 * apart files of the same name.
 *
 * An id names no path: it is looked up among the files this plugin derived in this build. Any module
 * can write `import 'imagegen-asset:…'`, and reading whatever file it named would publish it.
 */
export class EsbuildAssets implements AssetEmitter {
  readonly emitsBytes = false
  /** `<hash>/<name>` to the derived file it stands for. */
  private readonly files = new Map<string, string>()

  async url(_context: unknown, { variant, name }: ModuleAsset) {
    const id = `${variant.hash.slice(0, 16)}/${name}`
    this.files.set(id, variant.file)
    return { import: `${PREFIX}${id}` }
  }

  setup(host: Host): (build: PluginBuild) => void {
    return (build) => {
      host.root = build.initialOptions.absWorkingDir ?? host.root
      build.onResolve({ filter: /^imagegen-asset:/ }, ({ path }) => {
        const id = path.slice(PREFIX.length)
        if (this.files.has(id)) return { path: id, namespace: NAMESPACE }
        return {
          errors: [
            {
              text: `unplugin-imagegen: \`${path}\` is not an image this plugin derived; imagegen-asset: ids are made by unplugin-imagegen for its own files and cannot name others`,
            },
          ],
        }
      })
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async ({ path }) => {
        const file = this.files.get(path)
        if (file === undefined)
          return { errors: [{ text: `unplugin-imagegen: no derived file for ${path}` }] }
        return { contents: await readFile(file), loader: 'file' }
      })
    }
  }
}
