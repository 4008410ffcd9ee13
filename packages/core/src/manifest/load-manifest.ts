import { readFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { ImagegenError, ManifestError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { type FindManifestsOptions, findManifests } from './find-manifests.js'
import { readCachedParse, writeCachedParse } from './manifest-cache.js'
import type { ParseManifestOptions } from './parse-manifest.js'
import type { Manifest } from './types.js'

export interface LoadManifestOptions {
  /**
   * The project root: input files must resolve inside it, and error positions name files relative to it.
   * @default process.cwd()
   */
  root?: string
  /** Where warnings go. @default silentLogger */
  logger?: Logger
  /**
   * Keep each parsed manifest here (in `manifests/`), so that loading the same bytes again reads a
   * small JSON file instead of parsing and validating. @default none: every load parses
   */
  cacheDir?: string
}

/** Reads and validates one manifest file; throws `ManifestError` with every problem in it. */
export async function loadManifest(file: string, options: LoadManifestOptions = {}): Promise<Manifest> {
  const root = resolve(options.root ?? process.cwd())
  const absolute = resolve(file)
  let bytes: Buffer
  try {
    bytes = await readFile(absolute)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    const issue = new ImagegenError('MANIFEST_INPUT', `the manifest cannot be read (${code})`, {
      position: { file: displayPath(root, absolute), line: 1, column: 1 },
      hint: 'check that the file exists and can be read',
    })
    throw new ManifestError([issue])
  }
  const logger = options.logger ?? silentLogger
  const source = { file: absolute, root, bytes }
  const cached = options.cacheDir === undefined ? undefined : readCachedParse(options.cacheDir, source)
  if (cached) {
    for (const warning of cached.warnings) logger.warn(warning)
    return cached.manifest
  }
  const warnings: string[] = []
  const recording: Logger = {
    ...logger,
    warn(message) {
      warnings.push(message)
      logger.warn(message)
    },
  }
  const manifest = await parseManifest(bytes.toString('utf8'), { file: absolute, root, logger: recording })
  if (options.cacheDir !== undefined) await writeCachedParse(options.cacheDir, source, { manifest, warnings })
  return manifest
}

/**
 * Validates the text of a manifest and returns its entries with `defaults` merged in; throws one
 * `ManifestError` holding every problem, each with its `line:column`. The parser, YAML and the schema
 * library load on the first call, so that a process whose manifests are all cached never loads them.
 */
export async function parseManifest(source: string, options: ParseManifestOptions): Promise<Manifest> {
  const parser = await import('./parse-manifest.js')
  return parser.parseManifest(source, options)
}

/**
 * Finds and loads every manifest under the root. Throws one `ManifestError` with the problems of
 * all files together, so a build reports everything in one go.
 */
export async function loadManifests(
  root: string,
  options: Omit<LoadManifestOptions, 'root'> & FindManifestsOptions = {},
): Promise<Manifest[]> {
  const files = await findManifests(root, options)
  const results = await Promise.allSettled(files.map((file) => loadManifest(file, { ...options, root })))
  const issues = results.flatMap((result) =>
    result.status === 'rejected' && result.reason instanceof ManifestError ? result.reason.issues : [],
  )
  const unexpected = results.find(
    (result) => result.status === 'rejected' && !(result.reason instanceof ManifestError),
  )
  if (unexpected?.status === 'rejected') throw unexpected.reason
  if (issues.length > 0) throw new ManifestError(issues)
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
}

/** Positions name a manifest relative to the root (posix separators), absolute when it lies outside. */
export function displayPath(root: string, file: string): string {
  const path = relative(root, file)
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return file
  return path.split(sep).join('/')
}
