import { readFile, stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { ImagegenError } from '../errors.js'
import type { ImagegenConfig } from './define-config.js'

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
 * jiti loads every kind the same way on every Node version (TypeScript without the project's own
 * compiler, nothing written beside the source), afresh on each call so a watching build sees edits.
 * It and the schema are imported only when a config file exists: a bundler pays for each import at start.
 */
export async function loadConfig(
  root: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig | undefined> {
  const file = options.file ? await existing(resolve(root, options.file), true) : await findConfig(root)
  if (!file) return undefined
  const name = basename(file)
  const source = await readFile(file, 'utf8')
  let exported: unknown
  try {
    const { createJiti } = await import('jiti')
    const jiti = createJiti(file, { moduleCache: false, fsCache: false })
    // Evaluated from its source, not imported: Node's own import cache would keep the first version.
    const module = (await jiti.evalModule(source, {
      filename: file,
      id: file,
      async: true,
      forceTranspile: true,
    })) as {
      default?: unknown
    }
    exported = module.default ?? module
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ImagegenError('CONFIG', `${name} could not be loaded: ${reason}`, { cause: error })
  }
  const { validateConfig } = await import('./config-schema.js')
  return { file, config: validateConfig(exported, source, name) }
}

async function findConfig(root: string): Promise<string | undefined> {
  for (const name of CONFIG_FILES) {
    const found = await existing(resolve(root, name), false)
    if (found) return found
  }
  return undefined
}

async function existing(file: string, required: boolean): Promise<string | undefined> {
  const found = await stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  )
  if (found) return file
  if (!required) return undefined
  throw new ImagegenError('CONFIG', `the config file ${file} does not exist`, {
    hint: `create it, or leave the option out to look for ${CONFIG_FILES.join(', ')}`,
  })
}
