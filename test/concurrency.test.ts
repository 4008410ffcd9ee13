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
