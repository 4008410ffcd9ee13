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

/** The loader API's `emitFile`, which webpack and Rspack share. */
type EmitFile = (name: string, content: Buffer, sourceMap?: undefined, info?: Record<string, unknown>) => void

/**
 * webpack and Rspack: the loader's own `emitFile`, so the file belongs to the module and comes back
 * with it from webpack's cache, under a content-hashed name; its URL is `__webpack_public_path__` (the
 * runtime's `output.publicPath`, `auto` included) and that name.
 */
export const webpackEmitter: AssetEmitter = {
  emitsBytes: true,
  async url(context, { variant, name }, bytes) {
    const native = context.getNativeBuildContext?.()
    const loader =
      native?.framework === 'webpack' || native?.framework === 'rspack' ? native.loaderContext : undefined
    if (!loader) throw new Error('unplugin-imagegen: no loader context to emit images from')
    const dot = name.lastIndexOf('.')
    const fileName = `assets/${name.slice(0, dot)}-${variant.hash.slice(0, 8)}${name.slice(dot)}`
    const emitFile = loader.emitFile.bind(loader) as unknown as EmitFile
    emitFile(fileName, bytes ?? (await readFile(variant.file)), undefined, { immutable: true })
    return { expression: `__webpack_public_path__ + ${JSON.stringify(fileName)}` }
  },
}
