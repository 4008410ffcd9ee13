import { join, resolve } from 'node:path'
import { ImagegenError } from '../errors.js'
import { IMAGE_EXTENSIONS, IMAGE_FORMATS, type ImageFormat } from '../image-type.js'

/** Recipe keys and blob hashes alike: a sha256 in lowercase hex. */
export const KEY_PATTERN = /^[0-9a-f]{64}$/

const RECIPE_NAME = /^([0-9a-f]{64})\.json$/
const BLOB_NAME = new RegExp(`^([0-9a-f]{64})\\.(${Object.values(IMAGE_EXTENSIONS).join('|')})$`)
const FORMAT_OF_EXTENSION = new Map(IMAGE_FORMATS.map((format) => [IMAGE_EXTENSIONS[format], format]))

/**
 * Where everything lives in a store directory. Every path that includes a key or hash is built here,
 * and only after the key has been checked: a key is caller input, and `../` in it must never reach the
 * file system.
 */
export interface StoreLayout {
  dir: string
  recipesDir: string
  blobsDir: string
  locksDir: string
  recipeFile(key: string): string
  blobFile(hash: string, format: ImageFormat): string
  lockFile(key: string): string
}

export function storeLayout(dir: string): StoreLayout {
  const root = resolve(dir)
  const recipesDir = join(root, 'recipes')
  const blobsDir = join(root, 'blobs')
  const locksDir = join(root, 'locks')
  return {
    dir: root,
    recipesDir,
    blobsDir,
    locksDir,
    recipeFile: (key) => join(recipesDir, `${assertKey(key)}.json`),
    blobFile: (hash, format) => join(blobsDir, `${assertKey(hash, 'blob hash')}.${blobExtension(format)}`),
    lockFile: (key) => join(locksDir, `${assertKey(key)}.lock`),
  }
}

/** Returns the key unchanged, or throws STORE_KEY: the one gate between caller input and a path. */
export function assertKey(key: unknown, what = 'recipe key'): string {
  if (typeof key === 'string' && KEY_PATTERN.test(key)) return key
  const shown =
    typeof key === 'string' ? JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key) : typeof key
  throw new ImagegenError('STORE_KEY', `${shown} is not a ${what}`, {
    hint: 'keys are sha256 digests: 64 lowercase hex digits',
  })
}

function blobExtension(format: ImageFormat): string {
  if (Object.hasOwn(IMAGE_EXTENSIONS, format)) return IMAGE_EXTENSIONS[format]
  throw new ImagegenError(
    'STORE_KEY',
    `${JSON.stringify(String(format))} is not an image format the store keeps`,
    {
      hint: `use one of ${IMAGE_FORMATS.join(', ')}`,
    },
  )
}

/** The key of a file in `recipes/`, or undefined for anything else (temporary files included). */
export function parseRecipeName(name: string): string | undefined {
  return RECIPE_NAME.exec(name)?.[1]
}

/** The hash and format of a file in `blobs/`, or undefined for anything else. */
export function parseBlobName(name: string): { hash: string; format: ImageFormat } | undefined {
  const match = BLOB_NAME.exec(name)
  const format = match?.[2] === undefined ? undefined : FORMAT_OF_EXTENSION.get(match[2])
  return match?.[1] && format ? { hash: match[1], format } : undefined
}
