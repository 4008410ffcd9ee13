import type { UnpluginBuildContext } from 'unplugin'
import { BuildSession } from './build-session.js'
import { buildError } from './errors.js'
import type { Host } from './hosts/host.js'
import { loadModule } from './load-module.js'
import { parseManifestId } from './manifest-id.js'
import type { Options } from './options.js'
import { TypeFiles } from './type-files.js'

/** What loads a plugin's manifest modules, and ends each build of it. */
export interface ManifestLoader {
  /** The module's code; undefined for an id that only looks like a manifest (`?raw`, `?url`). */
  load(context: UnpluginBuildContext, id: string): Promise<string | undefined>
  end(): Promise<void>
}

/**
 * The part of the plugin that reaches the engine. The plugin imports this module with the first
 * manifest a build loads, so a bundler's process pays for the engine only when it has images to serve.
 */
export function manifestLoader(options: Options, host: Host): ManifestLoader {
  const session = new BuildSession(options, host)
  const typeFiles = new TypeFiles()
  return {
    async load(context, id) {
      const manifestId = parseManifestId(id)
      if (!manifestId) return undefined
      const { emitter, dev } = host
      const load = loadModule(context, manifestId, { session, emitter, typeFiles, dev })
      // Errors before the engine exists (a bad config file) have no position to resolve.
      return session.track(load).catch((error: unknown) => {
        throw buildError(error, host.root ?? process.cwd())
      })
    },
    end: () => session.end(),
  }
}
