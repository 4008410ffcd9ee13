import { readFile } from 'node:fs/promises'
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { describe, expect, inject, it } from 'vitest'

const tarballs = inject('packed')

/** ESM only by design: Node ≥ 20.19 `require()`s it, so node10 and node16's CommonJS view do not apply. */
const CHECKED_RESOLUTIONS = new Set(['node16-esm', 'bundler'])

describe.each(tarballs.map((tarball) => ({ ...tarball, id: tarball.name })))('the packed $id', (tarball) => {
  it('passes publint, warnings included', async () => {
    const bytes = await readFile(tarball.file)
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer as ArrayBuffer },
      level: 'warning',
      strict: true,
    })
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([])
  })

  it('passes Are the Types Wrong under node16 (ESM) and bundler resolution', async () => {
    const result = await checkPackage(
      createPackageFromTarballData(new Uint8Array(await readFile(tarball.file))),
    )
    if (!('problems' in result)) throw new Error(`${tarball.name} has no types`)
    const problems = result.problems.filter(
      (problem) => !('resolutionKind' in problem) || CHECKED_RESOLUTIONS.has(problem.resolutionKind),
    )
    expect(problems).toEqual([])
    expect(Object.keys(result.entrypoints).length).toBeGreaterThan(0)
  })

  it('carries its README and LICENSE, engines, and semver ranges for its sibling packages', () => {
    const { manifest } = tarball
    expect(tarball.files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']))
    expect(manifest.engines).toEqual({ node: '^20.19.0 || >=22.12.0' })
    const dependencies = (manifest.dependencies ?? {}) as Record<string, string>
    for (const [name, range] of Object.entries(dependencies)) {
      if (tarballs.some((sibling) => sibling.name === name)) expect(range).toBe(`^${tarball.version}`)
    }
    const peers = Object.keys((manifest.peerDependencies ?? {}) as object)
    const optional = (manifest.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>
    expect(peers.filter((peer) => !optional[peer]?.optional)).toEqual([])
  })
})
