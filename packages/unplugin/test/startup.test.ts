import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLERS } from './helpers/bundlers.js'
import { copyFixture, type Project } from './helpers/project.js'

const helper = (name: string) => fileURLToPath(new URL(`./helpers/${name}`, import.meta.url))
const quiet = { info() {}, warn() {}, error() {} }

/** Modules a build whose images are all stored and derived has no use for: a bundler must not pay for them. */
const NEVER_WARM = [
  /\/node_modules\/sharp\//,
  /\/node_modules\/@img\//,
  /\/node_modules\/undici\//,
  /\/node_modules\/zod\//,
  /\/node_modules\/yaml\//,
  /\/packages\/cli\/|\/node_modules\/imagegen\//,
  /\/packages\/openai-fake\/|\/node_modules\/@imagegen\/openai-fake\//,
]

describe('a warm `vite build` process (the built packages: run `pnpm build` first)', () => {
  let fake: FakeOpenAI
  let project: Project

  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await copyFixture()
    // Cold, in this process: generates the entries, derives their files, caches the parsed manifest.
    await BUNDLERS.vite(project.root, {
      mode: 'generate',
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url },
      logger: quiet,
    })
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('loads neither sharp, undici, zod nor yaml, nor the CLI or the fake server', async () => {
    const recorded = join(project.root, 'imports.txt')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', helper('record-imports.mjs'), helper('warm-build-process.mjs'), project.root],
      { env: { ...process.env, RECORD_IMPORTS: recorded } },
    )
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      lines: string[]
      commonJs: string[]
    }
    expect(report.lines).toEqual([
      'imagegen: 3 entries: 3 from store, 0 generated, 0 placeholders; ~$0.000 estimated, $0.000 from usage',
    ])
    const emitted = await readdir(join(project.root, 'dist-warm', 'assets'))
    // hero at 320 and 640, the two sketches, the gift basket at 256.
    expect(emitted.filter((file) => /\.(webp|png)$/.test(file))).toHaveLength(5)

    const loaded = [...(await readFile(recorded, 'utf8')).trim().split('\n'), ...report.commonJs]
    // The record is of this build: it holds the plugin and the engine it ran.
    expect(loaded.some((url) => url.includes('/packages/unplugin/dist/'))).toBe(true)
    expect(loaded.some((url) => url.includes('/packages/core/dist/'))).toBe(true)
    expect(loaded.filter((url) => NEVER_WARM.some((pattern) => pattern.test(url)))).toEqual([])
  })
})
