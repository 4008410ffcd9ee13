import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { AssetEmitter } from './host.js'

/** The part of Rollup's `emitFile` used here; unplugin types it as returning nothing. */
type EmitAsset = (file: { type: 'asset'; name: string; source: Uint8Array }) => string

/**
 * Rollup and Vite builds: the file becomes a Rollup asset (named and hashed by `assetFileNames`), and
 * `import.meta.ROLLUP_FILE_URL_<ref>` becomes its URL in the output: relative to the chunk in Rollup,
 * under `base` (or `renderBuiltUrl`) in Vite.
 */
export const rollupEmitter: AssetEmitter = {
  emitsBytes: true,
  async url(context, { variant, name }, bytes) {
    const source = bytes ?? (await readFile(variant.file))
    const reference = (context.emitFile as unknown as EmitAsset)({ type: 'asset', name, source })
    return { expression: `import.meta.ROLLUP_FILE_URL_${reference}` }
  },
}

/**
 * `./images.yaml?image=hero` for Rollup, whose own resolution looks for a file of that whole name.
 * Bare specifiers are left to other resolvers (aliases), which keep the query themselves.
 */
export function resolveEntrySpecifier(id: string, importer: string | undefined): string | undefined {
  const queryStart = id.indexOf('?')
  const path = id.slice(0, queryStart)
  if (!importer || !(path.startsWith('.') || isAbsolute(path))) return undefined
  const importerFile = importer.split('?', 1)[0] ?? importer
  return resolve(dirname(importerFile), path) + id.slice(queryStart)
}
