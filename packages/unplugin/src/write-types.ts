import { BuildSession } from './build-session.js'
import { consoleLogger } from './hosts/host.js'
import type { Options } from './options.js'
import { TypeFiles } from './type-files.js'

/**
 * Writes `images.d.yaml.ts` beside every manifest under the root, without generating or deriving an
 * image, for a type check that runs before any build (`astro check` on a fresh clone). A manifest that
 * does not load is left to the build, which reports it at its position.
 */
export async function writeManifestTypes(options: Options & { root: string }): Promise<void> {
  const session = new BuildSession(options, { root: options.root, logger: consoleLogger })
  const typeFiles = new TypeFiles()
  try {
    const { imagegen } = await session.start()
    for (const file of await imagegen.findManifests()) {
      const manifest = await imagegen.loadManifest(file).catch(() => undefined)
      if (manifest) await typeFiles.update(manifest, false, options.root)
    }
  } finally {
    await session.end()
  }
}
