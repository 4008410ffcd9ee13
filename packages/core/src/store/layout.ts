import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ImagegenError } from '../errors.js'
import { sha256 } from '../hash.js'
import { IMAGE_EXTENSIONS, IMAGE_FORMATS, type ImageFormat } from '../image-type.js'

/** Recipe keys and blob hashes alike: a sha256 in lowercase hex. */
export const KEY_PATTERN = /^[0-9a-f]{64}$/

const RECIPE_NAME = /^([0-9a-f]{64})\.json$/
const BLOB_NAME = new RegExp(`^([0-9a-f]{64})\\.(${Object.values(IMAGE_EXTENSIONS).join('|')})$`)
const FORMAT_OF_EXTENSION = new Map(IMAGE_FORMATS.map((format) => [IMAGE_EXTENSIONS[format], format]))

/**
 * Where everything lives. The store directory holds only what a team commits or caches: `recipes/`
 * and `blobs/`. Locks and temporary files are this machine's state and live in `stateDir`, outside
 * it, so that neither `git add .imagegen` nor a CI cache of `.imagegen` carries them.
 *
 * Every path that includes a key or hash is built here, and only after the key has been checked: a key
 * is caller input, and `../` in it must never reach the file system.
 */
export interface StoreLayout {
  dir: string
  recipesDir: string
  blobsDir: string
  stateDir: string
  locksDir: string
  /** Where writers put a file before renaming it into the store. */
  tempDir: string
  /** The store-wide lock: writers hold it while they write an entry, `prune` while it sweeps. */
  writeLockFile: string
  recipeFile(key: string): string
  blobFile(hash: string, format: ImageFormat): string
  lockFile(key: string): string
}

export function storeLayout(dir: string, stateDir = defaultStateDir(dir)): StoreLayout {
  const root = resolve(dir)
  const recipesDir = join(root, 'recipes')
  const blobsDir = join(root, 'blobs')
  const state = resolve(stateDir)
  const locksDir = join(state, 'locks')
  return {
    dir: root,
    recipesDir,
    blobsDir,
    stateDir: state,
    locksDir,
    tempDir: join(state, 'tmp'),
    writeLockFile: join(locksDir, 'store.lock'),
    recipeFile: (key) => join(recipesDir, `${assertKey(key)}.json`),
    blobFile: (hash, format) => join(blobsDir, `${assertKey(hash, 'blob hash')}.${blobExtension(format)}`),
    lockFile: (key) => join(locksDir, `${assertKey(key)}.lock`),
  }
}

/**
 * For a store opened on its own: a folder of the system's temporary directory, one per store path, so
 * that every process opening the same path shares its locks. The engine passes its cache directory.
 */
function defaultStateDir(dir: string): string {
  return join(tmpdir(), 'imagegen-state', sha256(resolve(dir)).slice(0, 16))
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
