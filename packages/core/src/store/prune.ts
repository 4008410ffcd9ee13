import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoreContext } from './context.js'
import { assertKey, parseBlobName, parseRecipeName } from './layout.js'
import { readdirIfExists, statIfExists } from './list.js'

export interface PruneOptions {
  /** Count what would be removed and remove nothing. @default false */
  dryRun?: boolean
  /**
   * Files changed this recently are kept whatever references them: a concurrent build writes an
   * entry's blobs before its recipe, and those blobs must not look unreferenced in between.
   * @default 600_000 (10 minutes)
   */
  graceMs?: number
}

export interface PruneResult {
  recipes: number
  blobs: number
  /** Total size of the files removed (or that would be). */
  bytes: number
}

const HASH = /[0-9a-f]{64}/g

/**
 * Removes recipes whose keys are not in `referencedKeys`, then blobs no remaining recipe references.
 * The only operation that deletes entries: the caller must pass every key any manifest still uses.
 */
export async function prune(
  context: StoreContext,
  referencedKeys: Iterable<string>,
  { dryRun = false, graceMs = 600_000 }: PruneOptions = {},
): Promise<PruneResult> {
  const { recipesDir, blobsDir } = context.layout
  const referenced = new Set([...referencedKeys].map((key) => assertKey(key)))
  const cutoff = Date.now() - graceMs
  const result: PruneResult = { recipes: 0, blobs: 0, bytes: 0 }
  const remove = async (file: string, size: number) => {
    if (!dryRun) await rm(file, { force: true })
    result.bytes += size
  }

  // Any hash written anywhere in a kept recipe keeps its blob: even a damaged recipe protects its images.
  const keptBlobs = new Set<string>()
  for (const name of await readdirIfExists(recipesDir)) {
    const key = parseRecipeName(name)
    const file = join(recipesDir, name)
    const info = key && (await statIfExists(file))
    if (!key || !info) continue
    if (referenced.has(key) || info.mtimeMs > cutoff) {
      for (const [hash] of (await readFile(file, 'utf8')).matchAll(HASH)) keptBlobs.add(hash)
      continue
    }
    await remove(file, info.size)
    result.recipes++
  }

  for (const name of await readdirIfExists(blobsDir)) {
    const parsed = parseBlobName(name)
    const file = join(blobsDir, name)
    const info = parsed && !keptBlobs.has(parsed.hash) && (await statIfExists(file))
    if (!info || info.mtimeMs > cutoff) continue
    await remove(file, info.size)
    result.blobs++
  }
  if (!dryRun) context.logger.debug?.(`imagegen: pruned ${result.recipes} recipes, ${result.blobs} blobs`)
  return result
}
