import { z } from 'zod'
import { IMAGE_FORMATS, type ImageFormat } from '../image-type.js'
import { recipeKey } from '../recipe/canonical-json.js'
import { KEY_PATTERN } from './layout.js'

/** Bumped when the shape of `recipes/<key>.json` changes; a record of another version is not read. */
export const STORE_RECORD_VERSION = 1

export type JsonObject = { [field: string]: unknown }

/** One image of an entry: `blobs/<blob>.<ext of format>`. */
export interface StoredOutput {
  /** sha256 of the bytes, which is also the blob's file name. */
  blob: string
  format: ImageFormat
  width: number
  height: number
  /** Size of the blob in bytes. */
  bytes: number
  /** The prompt the model says it used for this image, when it says. */
  revised_prompt?: string
  /**
   * The format the request asked for, present only when the provider answered another: the image is
   * kept as it came (`format`), and `imagegen status` and `check` show the difference.
   */
  requested_format?: ImageFormat
}

/** The content of `recipes/<key>.json`. Field names are snake_case: it is a file people read and diff. */
export interface StoreRecord {
  version: typeof STORE_RECORD_VERSION
  key: string
  /** The normalised request the key was computed from; opaque to the store. */
  recipe: JsonObject
  outputs: StoredOutput[]
  /** ISO 8601. */
  created: string
  /** The model that answered, as the API named it. */
  model: string
  usage?: JsonObject
  request_id?: string
}

const hash = z.string().regex(KEY_PATTERN)
const jsonObject = z.record(z.string(), z.unknown())
const dimension = z.number().int().positive()

const storedOutputSchema = z.object({
  blob: hash,
  format: z.enum(IMAGE_FORMATS),
  width: dimension,
  height: dimension,
  bytes: z.number().int().nonnegative(),
  revised_prompt: z.string().optional(),
  requested_format: z.enum(IMAGE_FORMATS).optional(),
})

const storeRecordSchema = z.object({
  version: z.literal(STORE_RECORD_VERSION),
  key: hash,
  recipe: jsonObject,
  outputs: z.array(storedOutputSchema).min(1),
  created: z.string(),
  model: z.string(),
  usage: jsonObject.optional(),
  request_id: z.string().optional(),
}) satisfies z.ZodType<StoreRecord>

export type ParsedRecord =
  | { record: StoreRecord; problem?: undefined }
  | { record?: undefined; problem: string }

/**
 * A recipe file's text as a record, or what is wrong with it. Never throws: a bad file is a miss. The
 * key is computed again from the recipe: a record renamed or edited (in a pull request, say) must not
 * serve its images under another entry's key.
 */
export function parseRecord(text: string, key: string): ParsedRecord {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return { problem: `is not JSON (${(error as Error).message})` }
  }
  const result = storeRecordSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    return { problem: `is not a store record (${issue?.path.join('.') || 'root'}: ${issue?.message})` }
  }
  if (result.data.key !== key) return { problem: `holds the key ${result.data.key}, not its file name's` }
  const computed = recipeKey(result.data.recipe)
  if (computed !== key) return { problem: `holds a recipe whose key is ${computed}, not ${key}` }
  return { record: result.data }
}

/** Pretty and newline-terminated, since teams commit the store and review its diffs. */
export function serializeRecord(record: StoreRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`
}
