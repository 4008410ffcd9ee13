/** Images answered as `url`: kept in memory and served by the fake itself until they expire. */

import { randomBytes } from 'node:crypto'
import type { OutputFormat } from '../job.js'

export interface StoredFile {
  bytes: Buffer
  contentType: string
  expiresAt: number
}

const CONTENT_TYPES: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>()

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Stores the bytes; returns the path and query of the URL that serves them. */
  put(bytes: Buffer, format: OutputFormat): string {
    this.prune()
    const name = `img-${randomBytes(12).toString('hex')}.${format === 'jpeg' ? 'jpg' : format}`
    const expiresAt = this.now() + this.ttlMs
    this.files.set(name, { bytes, contentType: CONTENT_TYPES[format], expiresAt })
    const expiry = new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z')
    return `/files/${name}?se=${encodeURIComponent(expiry)}&sp=r&sig=${randomBytes(16).toString('hex')}`
  }

  get(name: string): StoredFile | 'expired' | undefined {
    const file = this.files.get(name)
    if (file && file.expiresAt <= this.now()) return 'expired'
    return file
  }

  clear(): void {
    this.files.clear()
  }

  /** Drops files expired for more than a TTL (an expired one answers 403 for a while, then 404). */
  private prune(): void {
    const cutoff = this.now() - this.ttlMs
    for (const [name, file] of this.files) if (file.expiresAt < cutoff) this.files.delete(name)
  }
}
