import { mkdir } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { writeFileAtomic } from '../atomic-write.js'

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
      // No fsync, unlike the store: this cache is disposable. A file that a power cut leaves empty or
      // short fails the size check of the next lookup and is made again.
      await writeFileAtomic(file, data, { durable: false })
    },
  }
}
