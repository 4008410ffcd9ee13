import type { BigIntStats } from 'node:fs'
import { open } from 'node:fs/promises'
import { sha256 } from '../hash.js'
import { bigStatIfExists, fingerprint } from '../small-files.js'
import { loadVerifiedRecord, saveVerifiedRecord, type VerifiedFile } from './verified-record.js'

/**
 * A file whose last change is this recent is hashed again on every read. File times have a coarse
 * granularity (a few milliseconds on Linux, up to 2 s elsewhere), so a file rewritten within the tick in
 * which it was verified would keep the fingerprint it was verified with ("racy git"). Past this age,
 * any change to it moves its ctime, which nothing can set back.
 */
const RACY_MS = 2_000

export type BlobCheck =
  | { status: 'ok'; size: number; bytes?: Buffer }
  | { status: 'missing' }
  | { status: 'mismatch'; size: number }

export interface VerifyStats {
  /** Blobs read and hashed. */
  hashed: number
  /** Blobs found unchanged since this process (or the record of an earlier one) verified them, so not hashed again. */
  cacheHits: number
}

/**
 * Checks that blob files hash to their names, remembering each verified file by its fingerprint
 * (device, inode, size, mtime, ctime, in nanoseconds) so that a warm process does not hash it again;
 * with a record file, neither does the next process, as long as every field of the fingerprint holds.
 */
export interface BlobVerifier {
  /** Reads the file and checks it; `bytes` is the verified content. */
  read(file: string, hash: string): Promise<BlobCheck>
  /** Checks the file without keeping its bytes: a remembered file costs one `stat`. */
  check(file: string, hash: string): Promise<BlobCheck>
  stats(): VerifyStats
  /** Writes what this process verified to the record file, if there is one and anything changed. */
  save(): Promise<void>
}

export interface BlobVerifierOptions {
  /** Where verified fingerprints persist between processes; read on the first check. @default none */
  recordFile?: string
}

export function createBlobVerifier({ recordFile }: BlobVerifierOptions = {}): BlobVerifier {
  let verified: Promise<Map<string, VerifiedFile>> | undefined
  let changed = false
  const stats: VerifyStats = { hashed: 0, cacheHits: 0 }

  function load(): Promise<Map<string, VerifiedFile>> {
    verified ??= recordFile ? loadVerifiedRecord(recordFile) : Promise.resolve(new Map())
    return verified
  }

  async function verify(file: string, hash: string, keepBytes: boolean): Promise<BlobCheck> {
    const known = await load()
    const forget = () => {
      if (known.delete(file)) changed = true
    }
    if (!keepBytes) {
      // The warm path: a remembered file costs one stat and no open.
      const info = bigStatIfExists(file)
      if (!info) {
        forget()
        return { status: 'missing' }
      }
      const entry = known.get(file)
      if (entry?.hash === hash && entry.print === fingerprint(info)) {
        stats.cacheHits++
        return { status: 'ok', size: Number(info.size) }
      }
    }
    let handle: Awaited<ReturnType<typeof open>>
    try {
      handle = await open(file, 'r')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      forget()
      return { status: 'missing' }
    }
    try {
      const before = await handle.stat({ bigint: true })
      const print = fingerprint(before)
      const size = Number(before.size)
      const entry = known.get(file)
      const remembered = entry?.print === print && entry.hash === hash
      const bytes = await handle.readFile()
      // Compared after the read as well: a file changed while it was read is not the file remembered.
      const unchanged = fingerprint(await handle.stat({ bigint: true })) === print
      if (remembered && unchanged) {
        stats.cacheHits++
        return { status: 'ok', size, bytes }
      }
      stats.hashed++
      if (sha256(bytes) !== hash) {
        forget()
        return { status: 'mismatch', size: bytes.length }
      }
      if (unchanged && Date.now() - lastChangeMs(before) > RACY_MS) {
        if (!remembered) changed = true
        known.set(file, { print, hash })
      } else forget()
      return { status: 'ok', size: bytes.length, bytes }
    } finally {
      await handle.close()
    }
  }

  return {
    read: (file, hash) => verify(file, hash, true),
    check: (file, hash) => verify(file, hash, false),
    stats: () => ({ ...stats }),
    async save() {
      if (!recordFile || !changed || !verified) return
      changed = false
      await saveVerifiedRecord(recordFile, await verified)
    },
  }
}

function lastChangeMs(stat: BigIntStats): number {
  // biome-ignore lint/complexity/useMathMinMax: these are bigints, which Math.max does not take
  return Number((stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs) / 1_000_000n)
}
