import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { type PackedPackage, packPackages } from './helpers/pack.js'
import { startRegistry } from './helpers/registry.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The loopback registry that serves the packed packages (and redirects the rest to npmjs). */
    registry: string
    packed: PackedPackage[]
  }
}

/** Packs every package once for all consumer projects and "publishes" them on a loopback registry. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'imagegen-packed-'))
  const packed = await packPackages(dir)
  const registry = await startRegistry(packed)
  project.provide('registry', registry.url)
  project.provide('packed', packed)
  return async () => {
    await registry.close()
    await rm(dir, { recursive: true, force: true })
  }
}
