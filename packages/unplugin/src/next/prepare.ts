import { join } from 'node:path'
import type { UnpluginBuildContext } from 'unplugin'
import { BuildSession } from '../build-session.js'
import { consoleLogger } from '../hosts/host.js'
import { loadModule } from '../load-module.js'
import { TypeFiles } from '../type-files.js'
import { nextImageEmitter } from './image-imports.js'
import type { NextOptions } from './loader-options.js'

/**
 * Makes every manifest's files (and types) before Next starts its bundler. Turbopack lists a directory
 * once per build: a file that a loader creates after another module's import made Turbopack list its
 * directory is not found ("a component does not exist"). With everything made here first, the loader
 * finds its files in place. A failure is left for the loader to report, at the module that imports
 * the manifest; this prints the build's one summary line.
 */
export async function prepareImages(options: NextOptions & { root: string }): Promise<void> {
  const session = new BuildSession(options, { root: options.root, logger: consoleLogger })
  const typeFiles = new TypeFiles()
  const context = { addWatchFile() {} } as unknown as UnpluginBuildContext
  try {
    const { imagegen } = await session.start()
    const dir = namedFilesDir(imagegen.options.cacheDir)
    for (const file of await imagegen.findManifests()) {
      const emitter = nextImageEmitter(file, dir, () => {})
      await loadModule(context, { file }, { session, emitter, typeFiles })
    }
  } catch {
    // The loader meets the same failure and reports it where the manifest is imported.
  } finally {
    await session.end()
  }
}

/** Where the derivatives' links under readable names live, inside the derivative cache. */
export function namedFilesDir(cacheDir: string): string {
  return join(cacheDir, 'next')
}
