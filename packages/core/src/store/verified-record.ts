import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { writeFileAtomic } from '../atomic-write.js'
import { readSmallText } from '../small-files.js'

const RECORD_VERSION = 1

/** A blob file as it was when it last hashed to `hash`: its fingerprint (device, inode, size, times). */
export interface VerifiedFile {
  print: string
  hash: string
}

/**
 * The blobs an earlier process verified, by file. Only a cache: a record that is missing, unreadable or
 * of another version is empty, and an entry is trusted only while every field of its fingerprint holds.
 */
export async function loadVerifiedRecord(file: string): Promise<Map<string, VerifiedFile>> {
  const files = new Map<string, VerifiedFile>()
  let parsed: unknown
  try {
    parsed = JSON.parse(readSmallText(file) ?? '')
  } catch {
    return files
  }
  if (!isObject(parsed) || parsed.version !== RECORD_VERSION || !isObject(parsed.files)) return files
  for (const [path, value] of Object.entries(parsed.files)) {
    if (isObject(value) && typeof value.print === 'string' && typeof value.hash === 'string') {
      files.set(path, { print: value.print, hash: value.hash })
    }
  }
  return files
}

/** Replaces the record whole (temp file and rename), so a reader never sees half of one. */
export async function saveVerifiedRecord(
  file: string,
  files: ReadonlyMap<string, VerifiedFile>,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFileAtomic(file, JSON.stringify({ version: RECORD_VERSION, files: Object.fromEntries(files) }))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
