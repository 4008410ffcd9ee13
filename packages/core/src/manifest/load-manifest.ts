import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ImagegenError, ManifestError } from '../errors.js'
import type { Logger } from '../logger.js'
import { type FindManifestsOptions, findManifests } from './find-manifests.js'
import { displayPath, parseManifest } from './parse-manifest.js'
import type { Manifest } from './types.js'

export interface LoadManifestOptions {
  /**
   * The project root: input files must resolve inside it, and error positions name files relative to it.
   * @default process.cwd()
   */
  root?: string
  /** Where warnings go. @default silentLogger */
  logger?: Logger
}

/** Reads and validates one manifest file; throws `ManifestError` with every problem in it. */
export async function loadManifest(file: string, options: LoadManifestOptions = {}): Promise<Manifest> {
  const root = resolve(options.root ?? process.cwd())
  const absolute = resolve(file)
  let source: string
  try {
    source = await readFile(absolute, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    const issue = new ImagegenError('MANIFEST_INPUT', `the manifest cannot be read (${code})`, {
      position: { file: displayPath(root, absolute), line: 1, column: 1 },
      hint: 'check that the file exists and can be read',
    })
    throw new ManifestError([issue])
  }
  return parseManifest(source, { file: absolute, ...options, root })
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
