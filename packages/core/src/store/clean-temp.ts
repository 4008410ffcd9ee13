import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { TEMP_PREFIX } from '../atomic-write.js'
import type { StoreContext } from './context.js'
import { readdirIfExists, statIfExists } from './list.js'

export interface CleanTempOptions {
  /**
   * Only files older than this are removed: a younger one may belong to a writer still at work.
   * @default 600_000 (10 minutes)
   */
  olderThanMs?: number
}

/**
 * Removes the temporary files that writers killed mid-write left behind: in the state directory, and in
 * the store's own folders (where a writer puts them when the state directory is on another file
 * system, and where older versions did). Readers never see them. `prune` runs it, and so does every
 * engine that generates, once.
 */
export async function cleanTemp(
  context: StoreContext,
  { olderThanMs = 600_000 }: CleanTempOptions = {},
): Promise<{ files: number; bytes: number }> {
  const cutoff = Date.now() - olderThanMs
  const result = { files: 0, bytes: 0 }
  const { tempDir, recipesDir, blobsDir } = context.layout
  for (const dir of [tempDir, recipesDir, blobsDir]) {
    for (const name of await readdirIfExists(dir)) {
      if (!name.startsWith(TEMP_PREFIX)) continue
      const file = join(dir, name)
      const info = await statIfExists(file)
      if (!info || info.mtimeMs > cutoff) continue
      await rm(file, { force: true })
      result.files++
      result.bytes += info.size
    }
  }
  return result
}
