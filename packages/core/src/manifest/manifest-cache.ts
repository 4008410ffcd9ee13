import { realpathSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { writeFileAtomic } from '../atomic-write.js'
import { sha256 } from '../hash.js'
import { parseJson } from '../json-shape.js'
import { bigStatIfExists, fingerprint, readSmallText } from '../small-files.js'
import type { Manifest } from './types.js'

/*
 * A manifest as the last parse of the same bytes left it, so that a warm build reads one small JSON
 * file instead of loading YAML and the schema library and validating again. The file is per manifest
 * (named by its path), and holds the hash of the bytes it was parsed from, the engine that parsed
 * them, the root, the input files as they were, and the warnings the parse gave: a hit is exactly what
 * parsing again would return, and an edited manifest, another build of imagegen or a changed input
 * file is a miss that replaces it. Only manifests without problems are cached.
 */

/** Set by the package's build to its version and the hash of its sources; `source` when run from them. */
declare const __IMAGEGEN_ENGINE__: string | undefined
const ENGINE = typeof __IMAGEGEN_ENGINE__ === 'string' ? __IMAGEGEN_ENGINE__ : 'source'
const FORMAT = 1

/** What a cached parse depends on besides the engine. */
export interface ManifestSource {
  /** Absolute. */
  file: string
  root: string
  bytes: Uint8Array
}

export interface CachedParse {
  manifest: Manifest
  /** Given by the parse, to give again on each hit. */
  warnings: string[]
}

interface CacheRecord extends CachedParse {
  format: number
  engine: string
  root: string
  source: string
  /** Each input file: as the manifest names it, where it led, and its fingerprint then. */
  inputs: { path: string; realPath: string; print: string }[]
}

export function readCachedParse(cacheDir: string, source: ManifestSource): CachedParse | undefined {
  const text = readSmallText(cacheFile(cacheDir, source.file))
  const cached = text === undefined ? undefined : (parseJson(text) as Partial<CacheRecord> | undefined)
  if (
    cached?.format !== FORMAT ||
    cached.engine !== ENGINE ||
    cached.root !== source.root ||
    cached.source !== sha256(source.bytes) ||
    cached.manifest?.file !== source.file ||
    !Array.isArray(cached.inputs) ||
    !Array.isArray(cached.warnings) ||
    !cached.inputs.every(unchangedInput)
  ) {
    return undefined
  }
  return { manifest: cached.manifest, warnings: cached.warnings }
}

/** A cache that cannot be written only makes the next build parse again: failures are ignored. */
export async function writeCachedParse(
  cacheDir: string,
  source: ManifestSource,
  parse: CachedParse,
): Promise<void> {
  const manifestDir = dirname(source.file)
  const inputs = parse.manifest.entries.flatMap((entry) =>
    [...entry.images, entry.mask, entry.variation].flatMap((input) => {
      const stat = input && bigStatIfExists(input.absolutePath)
      if (!input || !stat) return []
      return [
        { path: resolve(manifestDir, input.path), realPath: input.absolutePath, print: fingerprint(stat) },
      ]
    }),
  )
  const record: CacheRecord = {
    format: FORMAT,
    engine: ENGINE,
    root: source.root,
    source: sha256(source.bytes),
    inputs,
    ...parse,
  }
  const file = cacheFile(cacheDir, source.file)
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFileAtomic(file, JSON.stringify(record), { durable: false })
  } catch {}
}

function cacheFile(cacheDir: string, manifestFile: string): string {
  return join(cacheDir, 'manifests', `${sha256(manifestFile).slice(0, 32)}.json`)
}

/** The same file at the same path, unchanged since the parse that checked it. */
function unchangedInput(input: CacheRecord['inputs'][number]): boolean {
  try {
    if (realpathSync(input.path) !== input.realPath) return false
  } catch {
    return false
  }
  const stat = bigStatIfExists(input.realPath)
  return stat !== undefined && fingerprint(stat) === input.print
}
