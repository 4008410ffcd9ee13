import { readFile, stat } from 'node:fs/promises'
import { sha256 } from '../hash.js'

interface CachedHash {
  size: number
  mtimeMs: number
  hash: string
}

/**
 * sha256 of an input file's bytes. Watch mode and repeated loads ask for the same files again, so a
 * hash is remembered for as long as the file's size and mtime are unchanged.
 */
export function createInputHasher(): (absolutePath: string) => Promise<string> {
  const cache = new Map<string, CachedHash>()
  return async (absolutePath) => {
    const info = await stat(absolutePath)
    const cached = cache.get(absolutePath)
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached.hash
    const hash = sha256(await readFile(absolutePath))
    cache.set(absolutePath, { size: info.size, mtimeMs: info.mtimeMs, hash })
    return hash
  }
}
