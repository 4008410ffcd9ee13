import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { ImagegenError } from '../errors.js'

export interface FindManifestsOptions {
  /**
   * More folders to skip: names (`fixtures`) match at any depth, paths with a slash
   * (`examples/old`) are relative to the root.
   * @default []
   */
  ignore?: readonly string[]
}

/** Dependencies, version control, the store and build output: never where manifests are written. */
const SKIPPED = new Set([
  'node_modules',
  '.git',
  '.imagegen',
  'dist',
  'out',
  'build',
  '.astro',
  '.next',
  '.cache',
])

/** `images.yaml` itself, or `<anything>.images.yaml`. */
export function isManifestFile(name: string): boolean {
  return name === 'images.yaml' || (name.endsWith('.images.yaml') && name.length > '.images.yaml'.length)
}

/**
 * Every manifest under `root`, as absolute paths in a stable order. Hidden folders and the usual
 * dependency and build folders are skipped; symlinked folders are not followed (no cycles, and
 * nothing outside the root).
 */
export async function findManifests(root: string, options: FindManifestsOptions = {}): Promise<string[]> {
  const base = resolve(root)
  const ignoredNames = new Set((options.ignore ?? []).filter((entry) => !/[\\/]/.test(entry)))
  const ignoredPaths = new Set(
    (options.ignore ?? []).filter((entry) => /[\\/]/.test(entry)).map((entry) => normalise(entry)),
  )
  const found: string[] = []

  async function visit(dir: string, isRoot: boolean): Promise<void> {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      if (isRoot) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
        throw new ImagegenError('CONFIG', `cannot read the project root ${dir} (${code})`, {
          hint: 'check the `root` option',
          cause: error,
        })
      }
      return // a folder that vanished or cannot be read holds no manifest we could load
    }
    const subdirectories: string[] = []
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isFile() && isManifestFile(entry.name)) found.push(path)
      else if (entry.isDirectory() && !skipped(entry.name, path)) subdirectories.push(path)
    }
    await Promise.all(subdirectories.map((path) => visit(path, false)))
  }

  function skipped(name: string, path: string): boolean {
    if (name.startsWith('.') || SKIPPED.has(name) || ignoredNames.has(name)) return true
    return ignoredPaths.has(normalise(relative(base, path)))
  }

  await visit(base, true)
  return found.sort()
}

function normalise(path: string): string {
  return path
    .split(/[\\/]+/)
    .filter((part) => part && part !== '.')
    .join(sep)
}
