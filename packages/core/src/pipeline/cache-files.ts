import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'

/** Where derivatives live: `<dir>/<first two hex of key>/<key>.<ext>`, so no directory grows past a few thousand files. */
export interface DerivativeCache {
  /** Absolute. */
  dir: string
  file(key: string, extension: string): string
  /** `file` relative to `dir`, as the cache index records it, so the whole cache can move. */
  relativeName(file: string): string
  /** Atomically: readers see the old file, or none, or the whole new one; never a torn write. */
  write(file: string, data: Uint8Array | string): Promise<void>
}

/** Touches nothing on disk: directories are made by the first write into them. */
export function createDerivativeCache(dir: string): DerivativeCache {
  const root = resolve(dir)

  return {
    dir: root,
    file: (key, extension) => join(root, key.slice(0, 2), `${key}.${extension}`),
    relativeName: (file) => relative(root, file).split('\\').join('/'),
    async write(file, data) {
      // Every time, not once: someone may delete the cache while a dev server runs, and a write costs
      // far less than the encode before it.
      await mkdir(dirname(file), { recursive: true })
      await writeThenRename(file, data)
    },
  }
}

/**
 * No fsync, unlike the store: this cache is disposable. A file that a power cut leaves empty or short
 * fails the size check of the next lookup and is made again.
 */
async function writeThenRename(file: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(file), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}-${basename(file)}`)
  try {
    await writeFile(temp, data)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
