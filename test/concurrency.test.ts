import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import imagegen from 'unplugin-imagegen/vite'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, manyEntries } from './helpers/project.js'
import { runImagegen } from './helpers/run-cli.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

const ENTRIES = 12

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: [150, 400] })
})
afterAll(async () => {
  await fake.close()
})

describe('two imagegen generate processes and a Vite build on one store, started together', () => {
  it('request each image from the API exactly once, and all three finish with every image', async () => {
    const root = await createProject({
      'images.yaml': manyEntries(ENTRIES),
      'index.html': '<!doctype html><script type="module" src="./main.js"></script>',
      'main.js': "import images from './images.yaml'\nglobalThis.images = images\n",
    })
    const env = { OPENAI_API_KEY: 'sk-concurrency-test', OPENAI_BASE_URL: fake.url }
    const quiet = { info() {}, warn() {}, error() {} }

    const [first, second] = await Promise.all([
      runImagegen(['generate', '--concurrency', '3'], { cwd: root, env }),
      runImagegen(['generate', '--concurrency', '3'], { cwd: root, env }),
      build({
        root,
        logLevel: 'silent',
        configFile: false,
        build: { outDir: join(root, 'dist') },
        plugins: [imagegen({ root, mode: 'generate', env, logger: quiet, dts: false })],
      }),
    ])
    const emitted = (await readdir(join(root, 'dist', 'assets'))).filter((file) => file.endsWith('.png'))
    expect(emitted).toHaveLength(ENTRIES)
    expect(first?.code, first?.stderr).toBe(0)
    expect(second?.code, second?.stderr).toBe(0)

    const prompts = fake.requests.map((request) => (request.body as { prompt?: string }).prompt)
    expect(prompts).toHaveLength(ENTRIES)
    expect(new Set(prompts).size).toBe(ENTRIES)
    expect(await storedKeys(join(root, '.imagegen'))).toHaveLength(ENTRIES)
    expect(await storeProblems(join(root, '.imagegen'))).toEqual([])

    // Each process saw every image: the CLI runs say so, and a frozen check passes.
    const generated = (output: string) => Number(/^generated\s+(\d+)$/m.exec(output)?.[1])
    const fromStore = (output: string) => Number(/^from store\s+(\d+)$/m.exec(output)?.[1])
    for (const run of [first, second])
      expect(generated(run?.stdout ?? '') + fromStore(run?.stdout ?? '')).toBe(ENTRIES)
    await writeFile(join(root, 'imagegen.config.mjs'), "export default { mode: 'frozen' }\n")
    expect((await runImagegen(['check'], { cwd: root })).code).toBe(0)
  }, 90_000)
})

describe('imagegen prune in a loop while imagegen generate runs', () => {
  it('deletes no referenced or fresh image, and nothing is paid for twice', async () => {
    // n: 10 keeps each entry's blobs on disk a while before its recipe: the window a prune must not hit.
    const root = await createProject({
      'images.yaml': manyEntries(ENTRIES).replace('quality: low', 'quality: low\n  n: 10'),
    })
    const env = { OPENAI_API_KEY: 'sk-prune-test', OPENAI_BASE_URL: fake.url }
    const requestsBefore = fake.requests.length
    let generating = true
    const generate = runImagegen(['generate', '--concurrency', '3'], { cwd: root, env }).finally(() => {
      generating = false
    })
    const prunes: string[] = []
    // Two pruners at once, each in a loop, everything counted as old (--grace 0): only locks protect.
    await Promise.all(
      [1, 2].map(async () => {
        while (generating) {
          const pruned = await runImagegen(['prune', '--grace', '0'], { cwd: root })
          expect(pruned.code, pruned.stderr).toBe(0)
          prunes.push(pruned.stdout)
        }
      }),
    )
    const generated = await generate
    expect(generated.code, generated.stderr).toBe(0)
    expect(prunes.length).toBeGreaterThan(2)

    const store = join(root, '.imagegen')
    expect(await storeProblems(store)).toEqual([])
    expect(await storedKeys(store)).toHaveLength(ENTRIES)
    expect(fake.requests.length - requestsBefore).toBe(ENTRIES)
    // Nothing referenced was ever removed: every prune found only what it may take, which is nothing.
    for (const output of prunes) expect(output).toContain('removed 0 recipes and 0 blobs')
    const again = await runImagegen(['generate'], { cwd: root, env })
    expect(again.stdout).toMatch(/^from store\s+12$/m)
    expect(fake.requests.length - requestsBefore).toBe(ENTRIES)
  }, 120_000)
})
