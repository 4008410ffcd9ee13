import { IMAGE_FORMATS, type ImageFormat } from '../image-type.js'
import { array, integer, jsonObject, object, oneOf, optional, string } from '../json-shape.js'
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

const hash = string(KEY_PATTERN)

const storedOutputShape = object({
  blob: hash,
  format: oneOf(IMAGE_FORMATS),
  width: integer(1),
  height: integer(1),
  bytes: integer(0),
  revised_prompt: optional(string()),
  requested_format: optional(oneOf(IMAGE_FORMATS)),
})

/** Every field of `StoreRecord`: keep the two in step. */
const storeRecordShape = object({
  version: oneOf([STORE_RECORD_VERSION]),
  key: hash,
  recipe: jsonObject,
  outputs: array(storedOutputShape, 1),
  created: string(),
  model: string(),
  usage: optional(jsonObject),
  request_id: optional(string()),
})

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
  const problem = storeRecordShape(json, '')
  if (problem) return { problem: `is not a store record (${problem})` }
  const record = json as StoreRecord
  if (record.key !== key) return { problem: `holds the key ${record.key}, not its file name's` }
  const computed = recipeKey(record.recipe)
  if (computed !== key) return { problem: `holds a recipe whose key is ${computed}, not ${key}` }
  return { record }
}

/** Pretty and newline-terminated, since teams commit the store and review its diffs. */
export function serializeRecord(record: StoreRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`
}
