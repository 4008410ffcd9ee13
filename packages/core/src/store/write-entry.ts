import { mkdir, utimes } from 'node:fs/promises'
import { writeFileAtomic } from '../atomic-write.js'
import { ImagegenError } from '../errors.js'
import { sha256 } from '../hash.js'
import { detectImageFormat, type ImageFormat } from '../image-type.js'
import { recipeKey } from '../recipe/canonical-json.js'
import type { StoreContext } from './context.js'
import {
  type JsonObject,
  STORE_RECORD_VERSION,
  type StoredOutput,
  type StoreRecord,
  serializeRecord,
} from './record.js'

/** One image as a provider returned it; structurally a provider's `GeneratedImage`. */
export interface NewImage {
  /** Stored exactly as given. */
  bytes: Uint8Array
  /** Checked against the bytes when given; read from them always. */
  format?: ImageFormat
  width: number
  height: number
  revisedPrompt?: string
}

export interface EntryMeta {
  model: string
  usage?: object
  requestId?: string
  /** @default now */
  created?: Date
  /** The format the request asked for; an image of another is stored as it is, with this beside it. */
  requestedFormat?: ImageFormat
}

export interface NewEntry {
  key: string
  /** Any JSON object: the store keeps it and hands it back, nothing more. */
  recipe: object
  images: readonly NewImage[]
  meta: EntryMeta
}

/**
 * Stores an entry: every blob first, the recipe last, each atomically, so a reader sees either the
 * whole entry or none of it. A blob already stored with the right bytes is not written again. The
 * caller holds the store's write lock (see `coordinated-writes.ts`), so `prune` never sees the blobs
 * without their recipe.
 */
export async function writeEntry(context: StoreContext, entry: NewEntry): Promise<StoreRecord> {
  const { layout } = context
  const recipeFile = layout.recipeFile(entry.key)
  if (entry.images.length === 0) throw refusal(entry.key, 'it has no images')
  const recipe = jsonObject(entry.recipe, entry.key, 'recipe')
  if (recipeKey(recipe) !== entry.key) throw refusal(entry.key, 'its recipe has another key')
  const usage = entry.meta.usage === undefined ? undefined : jsonObject(entry.meta.usage, entry.key, 'usage')

  await mkdir(layout.blobsDir, { recursive: true })
  const outputs: StoredOutput[] = []
  for (const image of entry.images) {
    const output = await writeBlob(context, entry.key, image)
    const asked = entry.meta.requestedFormat
    outputs.push(asked && asked !== output.format ? { ...output, requested_format: asked } : output)
  }

  const record: StoreRecord = {
    version: STORE_RECORD_VERSION,
    key: entry.key,
    recipe,
    outputs,
    created: (entry.meta.created ?? new Date()).toISOString(),
    model: entry.meta.model,
    ...(usage ? { usage } : {}),
    ...(entry.meta.requestId ? { request_id: entry.meta.requestId } : {}),
  }
  await mkdir(layout.recipesDir, { recursive: true })
  await writeFileAtomic(recipeFile, serializeRecord(record), { tempDir: layout.tempDir })
  return record
}

async function writeBlob(context: StoreContext, key: string, image: NewImage): Promise<StoredOutput> {
  const { bytes, width, height, revisedPrompt } = image
  const format = detectImageFormat(bytes)
  if (!format) throw refusal(key, 'an image is none of png, jpeg, webp, gif, avif')
  if (image.format && image.format !== format)
    throw refusal(key, `an image said to be ${image.format} is ${format}`)
  if (!isDimension(width) || !isDimension(height)) throw refusal(key, `an image is ${width}x${height}`)

  const hash = sha256(bytes)
  const file = context.layout.blobFile(hash, format)
  const existing = await context.verifier.check(file, hash)
  if (existing.status === 'mismatch')
    context.warnOnce(`imagegen: replacing ${file}, which did not hash to its name`)
  if (existing.status !== 'ok') await writeFileAtomic(file, bytes, { tempDir: context.layout.tempDir })
  // A reused blob gets a fresh mtime, which keeps a concurrent `prune` from taking it as an old orphan.
  else await utimes(file, new Date(), new Date())
  return {
    blob: hash,
    format,
    width,
    height,
    bytes: bytes.length,
    ...(revisedPrompt ? { revised_prompt: revisedPrompt } : {}),
  }
}

/** A deep copy through JSON, so that what is stored is exactly what a later read returns. */
function jsonObject(value: object, key: string, what: string): JsonObject {
  const copy: unknown = JSON.parse(JSON.stringify(value) ?? 'null')
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy))
    throw refusal(key, `its ${what} is not a JSON object`)
  return copy as JsonObject
}

function isDimension(value: number): boolean {
  return Number.isInteger(value) && value > 0
}

function refusal(key: string, why: string): ImagegenError {
  return new ImagegenError('STORE_CORRUPT', `refusing to store entry ${key}: ${why}`)
}
