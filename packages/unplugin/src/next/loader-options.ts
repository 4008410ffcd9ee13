import type { Options } from '../options.js'

/** What `withImagegen` takes: the plugin's options less the logger, which cannot cross to a loader. */
export type NextOptions = Omit<Options, 'logger' | 'assetModuleFilename'>

/**
 * What the loader is given, as plain JSON (Turbopack passes loader options between processes). Part
 * of Turbopack's cache key, so a change of mode through the environment (a key set, `CI`, or
 * `IMAGEGEN_MODE`) loads the manifests anew rather than serving modules cached under the old one.
 */
export interface LoaderOptions {
  options: NextOptions & { root: string }
  environmentMode: string
}
