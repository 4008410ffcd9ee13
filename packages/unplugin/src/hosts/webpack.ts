import { readFile } from 'node:fs/promises'
import type { AssetEmitter, Host } from './host.js'

/** The part of webpack's and Rspack's compilers used here. */
interface Compiler {
  context: string
  getInfrastructureLogger(name: string): {
    info(message: string): void
    warn(message: string): void
    error(message: string): void
  }
}

/** The part of a compilation that names assets: webpack and Rspack fill a template's placeholders alike. */
interface Compilation {
  getAssetPath(template: unknown, data: AssetPathData): string
  outputOptions: { hashDigestLength?: number; assetModuleFilename?: unknown }
}

/** What names a file as webpack names an asset module's: its module, and its content hash for `[hash]`. */
interface AssetPathData {
  filename: string
  module: unknown
  hash: string
  contentHash: string
}

/** The loader API's `emitFile`, which webpack and Rspack share. */
type EmitFile = (name: string, content: Buffer, sourceMap?: undefined, info?: Record<string, unknown>) => void

/** `output.assetModuleFilename` when a project sets none: webpack's and Rspack's own default. */
const DEFAULT_ASSET_FILENAME = '[hash][ext][query]'

/** webpack's and Rspack's side of the plugin: the compiler's context as the root, its logger. */
export function webpackHooks(host: Host, name: string): (compiler: Compiler) => void {
  return (compiler) => {
    host.root = compiler.context
    const logger = compiler.getInfrastructureLogger(name)
    host.logger = {
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    }
  }
}

/**
 * webpack and Rspack: the loader's own `emitFile`, so the file belongs to the module and comes back
 * with it from webpack's cache. Named by the plugin's `assetModuleFilename`, else the bundler's own
 * `output.assetModuleFilename`, as webpack names an asset module (`[name]`, `[ext]`, and `[hash]` or
 * `[contenthash]` of the file), so a framework that serves its assets from one folder gets them there.
 * Its URL is `__webpack_public_path__` (the runtime's `output.publicPath`, `auto` included) and that name.
 */
export function webpackEmitter(assetModuleFilename?: string): AssetEmitter {
  return {
    emitsBytes: true,
    async url(context, { variant, name }, bytes) {
      const native = context.getNativeBuildContext?.()
      const loader =
        native?.framework === 'webpack' || native?.framework === 'rspack' ? native.loaderContext : undefined
      if (!loader) throw new Error('unplugin-imagegen: no loader context to emit images from')
      const { _compilation: compilation, _module: module } = loader as unknown as {
        _compilation: Compilation
        _module: unknown
      }
      const { hashDigestLength = 20, assetModuleFilename: own } = compilation.outputOptions
      const template = assetModuleFilename ?? own ?? DEFAULT_ASSET_FILENAME
      const hash = variant.hash.slice(0, hashDigestLength)
      const fileName = compilation.getAssetPath(template, { filename: name, module, hash, contentHash: hash })
      const emitFile = loader.emitFile.bind(loader) as unknown as EmitFile
      emitFile(fileName, bytes ?? (await readFile(variant.file)), undefined, { immutable: true })
      return { expression: `__webpack_public_path__ + ${JSON.stringify(fileName)}` }
    },
  }
}
