import { stat } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ImagegenError } from '../errors.js'
import { didYouMean } from '../manifest/did-you-mean.js'
import { CONFIG_KEYS, type ImagegenConfig } from './define-config.js'
import { importTypeScript } from './import-typescript.js'

/** Looked for in this order at the project root. */
export const CONFIG_FILES = [
  'imagegen.config.ts',
  'imagegen.config.mts',
  'imagegen.config.mjs',
  'imagegen.config.js',
]

export interface LoadedConfig {
  /** Absolute path of the file the config came from; watch it. */
  file: string
  config: ImagegenConfig
}

export interface LoadConfigOptions {
  /** A config file to load instead of looking for one; relative to the root. */
  file?: string
}

/**
 * The project's `imagegen.config.{ts,mts,mjs,js}`, validated; undefined when there is none.
 * Each change to the file is imported afresh, so a watching build sees the new settings.
 */
export async function loadConfig(
  root: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig | undefined> {
  const found = options.file ? await existing(resolve(root, options.file), true) : await findConfig(root)
  if (!found) return undefined
  const { file, version } = found
  let module: unknown
  try {
    const extension = extname(file)
    module =
      extension === '.ts' || extension === '.mts'
        ? await importTypeScript(file, root, version)
        : await import(`${pathToFileURL(file).href}?v=${version}`)
  } catch (error) {
    if (error instanceof ImagegenError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new ImagegenError('CONFIG', `${basename(file)} could not be loaded: ${reason}`, { cause: error })
  }
  const exported = (module as { default?: unknown }).default ?? module
  return { file, config: validateConfig(exported, basename(file)) }
}

async function findConfig(root: string): Promise<{ file: string; version: string } | undefined> {
  for (const name of CONFIG_FILES) {
    const found = await existing(resolve(root, name), false)
    if (found) return found
  }
  return undefined
}

/** The file with a version that changes whenever it does, to import each edit afresh. */
async function existing(
  file: string,
  required: boolean,
): Promise<{ file: string; version: string } | undefined> {
  try {
    const stats = await stat(file)
    if (stats.isFile()) return { file, version: `${stats.mtimeMs}-${stats.size}` }
  } catch {}
  if (!required) return undefined
  throw new ImagegenError('CONFIG', `the config file ${file} does not exist`, {
    hint: `create it, or leave the option out to look for ${CONFIG_FILES.join(', ')}`,
  })
}

function validateConfig(value: unknown, name: string): ImagegenConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImagegenError('CONFIG', `${name} must export an object`, {
      hint: 'export default defineConfig({ … })',
    })
  }
  const known = Object.keys(CONFIG_KEYS)
  for (const [key, option] of Object.entries(value)) {
    const expected = CONFIG_KEYS[key as keyof ImagegenConfig]
    if (!expected) {
      const guess = didYouMean(key, known)
      throw new ImagegenError('CONFIG', `${name}: \`${key}\` is not an option`, {
        hint: guess ? `did you mean \`${guess}\`?` : `use ${known.join(', ')}`,
      })
    }
    if (option !== undefined && (typeof option !== expected || option === null)) {
      // The kind, never the value: a misplaced API key must not end up in a build log.
      const kind = option === null ? 'null' : Array.isArray(option) ? 'an array' : `a ${typeof option}`
      throw new ImagegenError('CONFIG', `${name}: \`${key}\` must be a ${expected}, not ${kind}`)
    }
  }
  return value as ImagegenConfig
}
