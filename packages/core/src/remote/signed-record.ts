import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from '../recipe/canonical-json.js'
import { parseRecord, type StoreRecord } from '../store/record.js'

const FORMAT = 'imagegen-remote-record/1'

/**
 * A record as the remote keeps it: the store's record, and with a signing key an HMAC-SHA256 of its
 * canonical JSON (as Turborepo signs its artifacts). The key's holders are the only trusted writers.
 */
interface Envelope {
  format: typeof FORMAT
  record: StoreRecord
  signature?: string
}

export function encodeRecord(record: StoreRecord, signingKey: string | undefined): Buffer {
  const envelope: Envelope = { format: FORMAT, record }
  if (signingKey) envelope.signature = sign(record, signingKey)
  return Buffer.from(`${JSON.stringify(envelope, null, 2)}\n`)
}

export type DecodedRecord =
  | { record: StoreRecord; problem?: undefined }
  | { record?: undefined; problem: string }

/**
 * The record under `key` if it can be trusted: the right shape, its own key, a recipe that hashes to
 * that key (the store's own record check), and, when a signing key is set, a good signature. Never throws.
 */
export function decodeRecord(bytes: Buffer, key: string, signingKey: string | undefined): DecodedRecord {
  let envelope: Partial<Envelope>
  try {
    envelope = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { problem: 'is not JSON' }
  }
  if (envelope?.format !== FORMAT) return { problem: `is not an ${FORMAT}` }
  if (signingKey) {
    if (typeof envelope.signature !== 'string') return { problem: 'is not signed' }
    if (!sameHex(envelope.signature, sign(envelope.record as StoreRecord, signingKey)))
      return { problem: 'has a signature the signing key did not make' }
  }
  const parsed = parseRecord(JSON.stringify(envelope.record), key)
  if (!parsed.record) return { problem: parsed.problem }
  return { record: parsed.record }
}

function sign(record: StoreRecord, signingKey: string): string {
  return createHmac('sha256', signingKey)
    .update(`${FORMAT}\n${canonicalJson(record)}`)
    .digest('hex')
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
