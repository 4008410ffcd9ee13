import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImageFormat } from '../image-type.js'
import type { StoreContext } from './context.js'
import { parseBlobName, parseRecipeName } from './layout.js'

export interface StoredBlob {
  blob: string
  format: ImageFormat
  /** Size on disk, unverified. */
  bytes: number
}

/** Keys of the recipe files present, sorted; nothing is read or verified. */
export async function listRecipes(context: StoreContext): Promise<string[]> {
  const names = await readdirIfExists(context.layout.recipesDir)
  return names.flatMap((name) => parseRecipeName(name) ?? []).sort()
}

/** The blob files present, sorted by hash; nothing is read or verified. */
export async function listBlobs(context: StoreContext): Promise<StoredBlob[]> {
  const { blobsDir } = context.layout
  const blobs: StoredBlob[] = []
  for (const name of await readdirIfExists(blobsDir)) {
    const parsed = parseBlobName(name)
    if (!parsed) continue
    const info = await statIfExists(join(blobsDir, name))
    if (info) blobs.push({ blob: parsed.hash, format: parsed.format, bytes: info.size })
  }
  return blobs.sort((a, b) => (a.blob < b.blob ? -1 : a.blob > b.blob ? 1 : 0))
}

/** A store nobody has written to yet has no directories: that is an empty store, not an error. */
export async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** Files can vanish between a listing and a look (another process pruning or cleaning up). */
export async function statIfExists(file: string) {
  try {
    return await stat(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
