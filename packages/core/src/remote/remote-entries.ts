import { sha256 } from '../hash.js'
import { detectImageFormat } from '../image-type.js'
import { assertKey } from '../store/layout.js'
import type { StoredOutput, StoreRecord } from '../store/record.js'
import type { BlobRef } from '../store/store.js'
import type { NewEntry } from '../store/write-entry.js'
import { decodeRecord, encodeRecord } from './signed-record.js'
import type { Transport } from './transport.js'

/** Where things live on a remote, in the shape of a Bazel HTTP cache: `ac/` for records, `cas/` for blobs. */
export const remotePaths = {
  record: (key: string) => `ac/${assertKey(key)}`,
  blob: (hash: string) => `cas/${assertKey(hash, 'blob hash')}`,
  lease: (key: string) => `leases/${assertKey(key)}`,
}

export type RemoteLookup =
  | { status: 'stored'; entry: NewEntry; record: StoreRecord }
  | { status: 'missing' }
  | { status: 'corrupt'; problem: string }

/**
 * The entry under `key`, every byte verified (record shape, key, signature, each blob's hash, size and
 * format) before it is handed to the local store; what fails any check is `corrupt`, never stored.
 */
export async function fetchEntry(
  transport: Transport,
  key: string,
  signingKey: string | undefined,
): Promise<RemoteLookup> {
  const bytes = await transport.get(remotePaths.record(key))
  if (!bytes) return { status: 'missing' }
  const decoded = decodeRecord(bytes, key, signingKey)
  if (!decoded.record) return { status: 'corrupt', problem: `${remotePaths.record(key)} ${decoded.problem}` }
  const { record } = decoded
  const created = new Date(record.created)
  if (Number.isNaN(created.getTime()))
    return { status: 'corrupt', problem: `${remotePaths.record(key)} has no valid creation time` }
  const images: NewEntry['images'][number][] = []
  for (const output of record.outputs) {
    const blob = await transport.get(remotePaths.blob(output.blob))
    const problem = blobProblem(blob, output)
    if (problem || !blob) return { status: 'corrupt', problem: `${remotePaths.blob(output.blob)} ${problem}` }
    images.push({
      bytes: blob,
      format: output.format,
      width: output.width,
      height: output.height,
      ...(output.revised_prompt ? { revisedPrompt: output.revised_prompt } : {}),
    })
  }
  const meta: NewEntry['meta'] = { model: record.model, created }
  if (record.usage) meta.usage = record.usage
  if (record.request_id) meta.requestId = record.request_id
  return { status: 'stored', record, entry: { key, recipe: record.recipe, images, meta } }
}

function blobProblem(blob: Buffer | undefined, output: StoredOutput): string | undefined {
  if (!blob) return 'is missing'
  if (blob.length !== output.bytes) return `has ${blob.length} bytes, not ${output.bytes}`
  if (sha256(blob) !== output.blob) return 'does not hash to its name'
  if (detectImageFormat(blob) !== output.format) return `is not ${output.format}`
  return undefined
}

export interface PushOptions {
  /** Replace a record already there (a forced regeneration); otherwise an existing one stays. */
  replace?: boolean
}

/**
 * Writes an entry: every blob first (skipped when one is there: a blob's name is its hash, so the bytes
 * there are these bytes or damaged, never another image), the record last, created only if absent —
 * looked for first, since servers without conditional writes (nginx, s3rver) overwrite what is there.
 * Returns whether the record was written.
 */
export async function pushEntry(
  transport: Transport,
  record: StoreRecord,
  readBlob: (ref: BlobRef) => Promise<Buffer>,
  signingKey: string | undefined,
  { replace = false }: PushOptions = {},
): Promise<boolean> {
  const recordPath = remotePaths.record(record.key)
  if (!replace && (await transport.head(recordPath))) return false
  for (const output of record.outputs) {
    const path = remotePaths.blob(output.blob)
    if (await transport.head(path)) continue
    await transport.put(path, await readBlob(output), { ifNoneMatch: true })
  }
  const body = encodeRecord(record, signingKey)
  const written = await transport.put(recordPath, body, { ifNoneMatch: !replace })
  return written === 'written'
}
