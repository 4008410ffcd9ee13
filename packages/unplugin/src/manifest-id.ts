import { basename } from 'node:path'
import { isManifestFile } from '@imagegen/core/internal'

/** Query parameters bundlers add for their own bookkeeping, which do not change the module. */
const BUNDLER_PARAMS = new Set(['import', 't', 'v'])

export interface ManifestId {
  /** Absolute path of the manifest. */
  file: string
  /** The `?image=` entry; undefined for the whole manifest. */
  entry?: string
}

/** Undefined for ids that only look like a manifest, or ask for another form of it (`?raw`, `?url`). */
export function parseManifestId(id: string): ManifestId | undefined {
  const queryStart = id.indexOf('?')
  const file = queryStart === -1 ? id : id.slice(0, queryStart)
  if (!isManifestFile(basename(file))) return undefined
  if (queryStart === -1) return { file }
  const params = new URLSearchParams(id.slice(queryStart + 1))
  for (const key of params.keys()) if (key !== 'image' && !BUNDLER_PARAMS.has(key)) return undefined
  const entry = params.get('image')
  return entry === null ? { file } : { file, entry }
}
