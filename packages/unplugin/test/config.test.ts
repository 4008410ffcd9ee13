import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, symlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ImagegenError, loadConfig } from '@imagegen/core'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLERS } from './helpers/bundlers.js'
import { copyFixture, type Project } from './helpers/project.js'

const quiet = { info() {}, warn() {}, error() {} }

describe('loadConfig', () => {
  let project: Project
  beforeAll(async () => {
    project = await copyFixture()
  })
  afterEach(async () => {
    for (const name of ['imagegen.config.mjs', 'imagegen.config.ts'])
      await rm(join(project.root, name), { force: true })
  })
  afterAll(async () => {
    await project?.remove()
  })

  it('finds none in a project without one', async () => {
    expect(await loadConfig(project.root)).toBeUndefined()
  })

  it('imports imagegen.config.mjs, and each edit of it afresh', async () => {
    await project.write(
      'imagegen.config.mjs',
      "export default { mode: 'frozen', storeDir: 'images-store' }\n",
    )
    expect(await loadConfig(project.root)).toEqual({
      file: join(project.root, 'imagegen.config.mjs'),
      config: { mode: 'frozen', storeDir: 'images-store' },
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await project.write('imagegen.config.mjs', 'export default { concurrency: 2 }\n')
    expect((await loadConfig(project.root))?.config).toEqual({ concurrency: 2 })
  })

  it('loads imagegen.config.ts on Node 20 through the project’s own TypeScript', async () => {
    // The project needs `typescript` of its own: this one borrows the workspace's.
    const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'))
    await mkdir(join(project.root, 'node_modules'), { recursive: true })
    await symlink(typescript, join(project.root, 'node_modules', 'typescript')).catch(() => {})
    await project.write(
      'imagegen.config.ts',
      [
        "import type { ImagegenConfig } from 'unplugin-imagegen'",
        "type Mode = NonNullable<ImagegenConfig['mode']>",
        "const mode: Mode = 'placeholder'",
        'export default { mode, maxNewImages: 10 } satisfies ImagegenConfig',
        '',
      ].join('\n'),
    )
    expect((await loadConfig(project.root))?.config).toEqual({ mode: 'placeholder', maxNewImages: 10 })
  })

  it('refuses an unknown option with the likely one', async () => {
    await project.write('imagegen.config.mjs', 'export default { concurency: 2 }\n')
    const error = await loadConfig(project.root).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ImagegenError)
    expect((error as ImagegenError).message).toBe(
      'imagegen.config.mjs: `concurency` is not an option — did you mean `concurrency`?',
    )
  })
})

describe('the plugin with imagegen.config.mjs', () => {
  let fake: FakeOpenAI
  let project: Project
  const build = BUNDLERS.rollup
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await copyFixture()
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('takes its settings, and inline options win over them', async () => {
    await project.write('imagegen.config.mjs', "export default { mode: 'frozen' }\n")
    const frozen = await build(project.root, { root: project.root, env: {}, logger: quiet }).catch(
      (error: Error) => error,
    )
    expect(String(frozen)).toContain('frozen mode never generates')
    await build(project.root, { root: project.root, mode: 'placeholder', env: {}, logger: quiet })
  })

  it('applies its store and budget: the build stops before it spends past maxNewImages', async () => {
    await project.write(
      'imagegen.config.mjs',
      "export default { mode: 'generate', maxNewImages: 1, storeDir: 'art' }\n",
    )
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url }
    const failure = await build(project.root, { root: project.root, env, logger: quiet }).catch(
      (error: Error) => error,
    )
    expect(String(failure)).toContain('not generated: the run reached its limit of 1 new images')
    expect(fake.requests.length).toBeLessThanOrEqual(1)
    // An image the API answered is kept in the configured store; a request the failing build cancelled
    // before its answer was never paid for, and leaves nothing.
    const answered = fake.requests.filter(
      (request) => request.outcome === 'answered' && request.status === 200,
    )
    expect(existsSync(join(project.root, 'art', 'recipes'))).toBe(answered.length === 1)
    expect(existsSync(join(project.root, '.imagegen'))).toBe(false)
  })

  it('puts the derivative cache where its cacheDir says', async () => {
    // Earlier builds of this project filled the default cache.
    await rm(join(project.root, 'node_modules', '.cache'), { recursive: true, force: true })
    await project.write('imagegen.config.mjs', "export default { cacheDir: 'derived' }\n")
    await build(project.root, { root: project.root, mode: 'placeholder', env: {}, logger: quiet })
    const cached = await readdir(join(project.root, 'derived'), { recursive: true })
    expect(cached.filter((file) => file.endsWith('.webp')).length).toBeGreaterThan(0)
    expect(existsSync(join(project.root, 'node_modules', '.cache', 'imagegen'))).toBe(false)
  })

  it('is not read with `config: false`', async () => {
    await project.write('imagegen.config.mjs', 'export default { nonsense: true }\n')
    const options = { root: project.root, mode: 'placeholder' as const, env: {}, logger: quiet }
    const failure = await build(project.root, options).catch((error: Error) => error)
    expect(String(failure)).toContain('imagegen.config.mjs: `nonsense` is not an option')
    await build(project.root, { ...options, config: false })
  })
})
