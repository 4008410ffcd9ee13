import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import imagegen from 'unplugin-imagegen/vite'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeEnv, requestPrompt } from './helpers/fake-apis.js'
import { CHEAP_DEFAULTS, createProject, manyEntries, PROVIDERS } from './helpers/project.js'
import { runImagegen } from './helpers/run-cli.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

/** OpenAI's run takes the most entries; the other APIs take fewer, to keep CI's time down. */
const ENTRIES = { openai: 12, google: 6, fal: 6 } as const
/** Images per entry in the prune test: each entry's blobs sit on disk a while before its recipe. */
const IMAGES_PER_ENTRY = { openai: 10, google: 4, fal: 4 } as const

describe.each(PROVIDERS)('%s: one store shared by several processes', (provider) => {
  const entries = ENTRIES[provider]
  const manifest = (perEntry?: number) => {
    const defaults = [...CHEAP_DEFAULTS[provider], ...(perEntry ? [`  n: ${perEntry}`] : [])]
    return manyEntries(entries, 'An otter, study number', defaults)
  }
  let fake: FakeOpenAI
  let env: Record<string, string>
  beforeAll(async () => {
    fake = await startFakeOpenAI({ latencyMs: [150, 400] })
    env = fakeEnv(fake)
  })
  afterAll(async () => {
    await fake.close()
  })

  it('two imagegen generate processes and a Vite build, started together, request each image once and all finish with every image', async () => {
    const root = await createProject({
      'images.yaml': manifest(),
      'index.html': '<!doctype html><script type="module" src="./main.js"></script>',
      'main.js': "import images from './images.yaml'\nglobalThis.images = images\n",
    })
    const quiet = { info() {}, warn() {}, error() {} }
    const requestsBefore = fake.requests.length

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
    const emitted = (await readdir(join(root, 'dist', 'assets'))).filter((file) =>
      /\.(png|jpe?g|webp)$/.test(file),
    )
    expect(emitted).toHaveLength(entries)
    expect(first?.code, first?.stderr).toBe(0)
    expect(second?.code, second?.stderr).toBe(0)

    const requests = fake.requests.slice(requestsBefore)
    expect(new Set(requests.map((request) => request.api))).toEqual(new Set([provider]))
    const prompts = requests.map(requestPrompt)
    expect(prompts).toHaveLength(entries)
    expect(new Set(prompts).size).toBe(entries)
    expect(prompts.every((prompt) => prompt?.startsWith('An otter, study number'))).toBe(true)
    expect(await storedKeys(join(root, '.imagegen'))).toHaveLength(entries)
    expect(await storeProblems(join(root, '.imagegen'))).toEqual([])

    // Each process saw every image: the CLI runs say so, and a frozen check passes.
    const generated = (output: string) => Number(/^generated\s+(\d+)$/m.exec(output)?.[1])
    const fromStore = (output: string) => Number(/^from store\s+(\d+)$/m.exec(output)?.[1])
    for (const run of [first, second])
      expect(generated(run?.stdout ?? '') + fromStore(run?.stdout ?? '')).toBe(entries)
    await writeFile(join(root, 'imagegen.config.mjs'), "export default { mode: 'frozen' }\n")
    expect((await runImagegen(['check'], { cwd: root })).code).toBe(0)
  }, 90_000)

  it('imagegen prune in a loop while imagegen generate runs deletes no referenced or fresh image, and nothing is paid for twice', async () => {
    const root = await createProject({ 'images.yaml': manifest(IMAGES_PER_ENTRY[provider]) })
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
    expect(await storedKeys(store)).toHaveLength(entries)
    expect(fake.requests.length - requestsBefore).toBe(entries)
    // Nothing referenced was ever removed: every prune found only what it may take, which is nothing.
    for (const output of prunes) expect(output).toContain('removed 0 recipes and 0 blobs')
    const again = await runImagegen(['generate'], { cwd: root, env })
    expect(again.stdout).toMatch(new RegExp(`^from store\\s+${entries}$`, 'm'))
    expect(fake.requests.length - requestsBefore).toBe(entries)
  }, 120_000)
})
