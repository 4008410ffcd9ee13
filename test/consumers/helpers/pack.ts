import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO } from '../../helpers/examples.js'

const exec = promisify(execFile)

/** Every package a user can install, in the order they depend on each other. */
export const PACKAGE_DIRS = ['core', 'openai-fake', 'unplugin', 'cli'] as const

export interface PackedPackage {
  name: string
  version: string
  /** The tarball's absolute path. */
  file: string
  /** The package.json inside the tarball: what a registry would publish. */
  manifest: Record<string, unknown>
  /** The files in the tarball, relative to the package root. */
  files: string[]
  /** `sha512-…` of the tarball, as npm and pnpm check it. */
  integrity: string
  shasum: string
}

/** `pnpm pack` of every package into `destination`, once; `pnpm build` must have run. */
export async function packPackages(destination: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = []
  for (const dir of PACKAGE_DIRS) {
    const { stdout } = await exec('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: join(REPO, 'packages', dir),
    })
    const { filename } = JSON.parse(stdout) as { filename: string }
    packed.push(await describeTarball(filename))
  }
  return packed
}

async function describeTarball(file: string): Promise<PackedPackage> {
  const bytes = await readFile(file)
  const { stdout } = await exec('tar', ['-xzOf', file, 'package/package.json'])
  const manifest = JSON.parse(stdout) as Record<string, unknown>
  const listing = await exec('tar', ['-tzf', file])
  return {
    name: String(manifest.name),
    version: String(manifest.version),
    file,
    manifest,
    files: listing.stdout
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, '')),
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    shasum: createHash('sha1').update(bytes).digest('hex'),
  }
}
