import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Every temporary file starts with this; no reader ever looks at such a name. */
export const TEMP_PREFIX = '.tmp-'

export interface AtomicWriteOptions {
  /**
   * fsync the file before the rename and its directory after, so that the write survives a power cut.
   * Only what cannot be made again needs it (the store); a disposable cache does without.
   * @default true
   */
  durable?: boolean
  /**
   * Where the temporary file is written, when not beside `file`: a directory of machine state that
   * nobody commits. It must be on `file`'s file system for the rename to be atomic; when it is not
   * (EXDEV), the write falls back to a temporary file beside `file`.
   * @default the directory of `file`
   */
  tempDir?: string
}

/**
 * The one way imagegen replaces a file: `file` is either absent, the old file, or the whole new one,
 * even if the process dies mid-write. The bytes go to a uniquely named temporary file, which is
 * renamed into place; with `durable`, both are fsynced so the rename itself survives a power cut.
 */
export async function writeFileAtomic(
  file: string,
  data: Uint8Array | string,
  { durable = true, tempDir }: AtomicWriteOptions = {},
): Promise<void> {
  if (tempDir !== undefined) {
    await mkdir(tempDir, { recursive: true })
    try {
      return await writeVia(tempDir, file, data, durable)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    }
  }
  await writeVia(dirname(file), file, data, durable)
}

async function writeVia(dir: string, file: string, data: Uint8Array | string, durable: boolean) {
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}-${basename(file)}`)
  try {
    if (durable) await writeSynced(temp, data)
    else await writeFile(temp, data, { flag: 'wx' })
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  if (durable) await syncDirectory(dirname(file))
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'wx')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Codes that mean "this platform cannot fsync a directory" (Windows, some network file systems). */
const UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF', 'ENOTSUP'])

export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (!UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error
  }
}
