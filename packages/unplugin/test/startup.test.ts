import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

/** unplugin, with its adapters for every bundler, which a Vite or Rollup process does not use. */
const UNPLUGIN_PACKAGE = /\/node_modules\/unplugin\//
/** It and what it loads (which Vite loads too, for its own use). */
const UNPLUGIN = [UNPLUGIN_PACKAGE, /\/node_modules\/picomatch\//, /\/node_modules\/@jridgewell\//]

/** The engine, which a process loads with the first manifest it builds, not with the plugin. */
const ENGINE = [/\/packages\/core\/|\/node_modules\/@imagegen\/core\//, ...NEVER_WARM]

/** Every module URL a child process resolved (recorded to a file) or required (in its last line). */
async function modulesLoaded(
  script: string,
  args: string[],
  recorded: string,
): Promise<{ loaded: string[]; stdout: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', helper('record-imports.mjs'), helper(script), ...args],
    { env: { ...process.env, RECORD_IMPORTS: recorded } },
  )
  const { commonJs = [] } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { commonJs?: string[] }
  return { loaded: [...(await readFile(recorded, 'utf8')).trim().split('\n'), ...commonJs], stdout }
}

const matching = (urls: string[], patterns: RegExp[]) =>
  urls.filter((url) => patterns.some((pattern) => pattern.test(url)))

describe('importing a public entry point in a fresh process (the built package: run `pnpm build` first)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagegen-startup-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it.each(['vite', 'rollup'])('unplugin-imagegen/%s loads neither unplugin nor the engine', async (entry) => {
    const { loaded } = await modulesLoaded(
      'import-entry.mjs',
      [`unplugin-imagegen/${entry}`],
      join(dir, `${entry}.txt`),
    )
    expect(loaded.some((url) => url.endsWith(`/packages/unplugin/dist/${entry}.js`))).toBe(true)
    expect(matching(loaded, [...UNPLUGIN, ...ENGINE])).toEqual([])
  })

  it.each(['webpack', 'rspack', 'esbuild'])(
    'unplugin-imagegen/%s loads unplugin but not the engine',
    async (entry) => {
      const { loaded } = await modulesLoaded(
        'import-entry.mjs',
        [`unplugin-imagegen/${entry}`],
        join(dir, `${entry}.txt`),
      )
      expect(matching(loaded, UNPLUGIN).length).toBeGreaterThan(0)
      expect(matching(loaded, ENGINE)).toEqual([])
    },
  )
})

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

  it('loads neither sharp, undici, zod nor yaml, nor the CLI or the fake server, nor unplugin', async () => {
    const recorded = join(project.root, 'imports.txt')
    const { loaded, stdout } = await modulesLoaded('warm-build-process.mjs', [project.root], recorded)
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { lines: string[] }
    expect(report.lines).toEqual([
      'imagegen: 3 entries: 3 from store, 0 generated, 0 placeholders; ~$0.000 estimated, $0.000 from usage',
    ])
    const emitted = await readdir(join(project.root, 'dist-warm', 'assets'))
    // hero at 320 and 640, the two sketches, the gift basket at 256.
    expect(emitted.filter((file) => /\.(webp|png)$/.test(file))).toHaveLength(5)

    // The record is of this build: it holds the plugin and the engine it ran.
    expect(loaded.some((url) => url.includes('/packages/unplugin/dist/'))).toBe(true)
    expect(loaded.some((url) => url.includes('/packages/core/dist/'))).toBe(true)
    expect(matching(loaded, [...NEVER_WARM, UNPLUGIN_PACKAGE])).toEqual([])
  })
})
