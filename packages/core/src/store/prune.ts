import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { cleanTemp } from './clean-temp.js'
import type { StoreContext } from './context.js'
import { assertKey, parseBlobName, parseRecipeName } from './layout.js'
import { readdirIfExists, statIfExists } from './list.js'

export interface PruneOptions {
  /** Count what would be removed and remove nothing. @default false */
  dryRun?: boolean
  /**
   * Files changed this recently are kept whatever references them: the write lock keeps a blob from
   * being swept between its write and its recipe's, and this keeps the entries a build generates from
   * a manifest newer than the one the caller read.
   * @default 600_000 (10 minutes)
   */
  graceMs?: number
}

export interface PruneResult {
  recipes: number
  blobs: number
  /** Total size of the files removed (or that would be). */
  bytes: number
  /** Unreferenced recipes and blobs kept because they are younger than `graceMs`. */
  young: number
  /** Temporary files that killed writers left behind, removed (none on a dry run). */
  tempFiles: number
}

const HASH = /[0-9a-f]{64}/g

/**
 * Removes recipes whose keys are not in `referencedKeys`, then blobs no remaining recipe references,
 * then old temporary files. The only operation that deletes entries: the caller must pass every key
 * any manifest still uses, and hold the store's write lock.
 */
export async function prune(
  context: StoreContext,
  referencedKeys: Iterable<string>,
  { dryRun = false, graceMs = 600_000 }: PruneOptions = {},
): Promise<PruneResult> {
  const { recipesDir, blobsDir } = context.layout
  const referenced = new Set([...referencedKeys].map((key) => assertKey(key)))
  const cutoff = Date.now() - graceMs
  const result: PruneResult = { recipes: 0, blobs: 0, bytes: 0, young: 0, tempFiles: 0 }
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
    const young = info.mtimeMs > cutoff
    if (referenced.has(key) || young) {
      if (!referenced.has(key)) result.young++
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
    if (!info) continue
    if (info.mtimeMs > cutoff) {
      result.young++
      continue
    }
    await remove(file, info.size)
    result.blobs++
  }
  if (dryRun) return result
  result.tempFiles = (await cleanTemp(context)).files
  context.logger.debug?.(`imagegen: pruned ${result.recipes} recipes, ${result.blobs} blobs`)
  return result
}
