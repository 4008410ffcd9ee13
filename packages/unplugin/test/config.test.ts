import { existsSync } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
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

  it('loads imagegen.config.ts and the .ts files it imports with no TypeScript installed, writing nothing beside them', async () => {
    await rm(join(project.root, 'node_modules'), { recursive: true, force: true })
    await mkdir(join(project.root, 'settings'), { recursive: true })
    await project.write('settings/mode.ts', "export const mode: 'placeholder' | 'frozen' = 'placeholder'\n")
    await project.write(
      'imagegen.config.ts',
      [
        "import type { ImagegenConfig } from 'unplugin-imagegen'",
        "import { mode } from './settings/mode'",
        'export default { mode, maxNewImages: 10 } satisfies ImagegenConfig',
        '',
      ].join('\n'),
    )
    const before = await readdir(project.root, { recursive: true })
    expect((await loadConfig(project.root))?.config).toEqual({ mode: 'placeholder', maxNewImages: 10 })
    expect(await readdir(project.root, { recursive: true })).toEqual(before)
    expect(existsSync(join(project.root, 'node_modules'))).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await project.write('settings/mode.ts', "export const mode: 'placeholder' | 'frozen' = 'frozen'\n")
    expect((await loadConfig(project.root))?.config).toEqual({ mode: 'frozen', maxNewImages: 10 })
  })

  it('loads imagegen.config.mts', async () => {
    await project.write(
      'imagegen.config.mts',
      "import type { ImagegenConfig } from '@imagegen/core'\nconst config: ImagegenConfig = { concurrency: 3 }\nexport default config\n",
    )
    try {
      expect((await loadConfig(project.root))?.config).toEqual({ concurrency: 3 })
    } finally {
      await rm(join(project.root, 'imagegen.config.mts'))
    }
  })

  it('refuses an unknown option with the likely one, at its line and column', async () => {
    await project.write('imagegen.config.mjs', 'export default {\n  concurency: 2,\n}\n')
    const error = await loadConfig(project.root).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ImagegenError)
    expect((error as ImagegenError).message).toBe(
      'imagegen.config.mjs:2:3  `concurency` is not an option — did you mean `concurrency`?',
    )
  })

  it('checks openai.* too, positioned, without echoing the value', async () => {
    await project.write(
      'imagegen.config.ts',
      "export default {\n  mode: 'generate',\n  openai: {\n    baseURL: 'sk-not-a-url-SECRET',\n  },\n}\n",
    )
    const error = (await loadConfig(project.root).catch((reason: unknown) => reason)) as ImagegenError
    expect(error.code).toBe('CONFIG')
    expect(error.message).toBe(
      'imagegen.config.ts:4:5  `openai.baseURL` must be a URL such as https://api.example.com/v1',
    )
    await project.write('imagegen.config.ts', 'export default { openai: { timeoutMS: 5 } }\n')
    const typo = (await loadConfig(project.root).catch((reason: unknown) => reason)) as ImagegenError
    expect(typo.message).toBe(
      'imagegen.config.ts:1:28  `openai.timeoutMS` is not an option — did you mean `timeoutMs`?',
    )
    // Every provider's section suggests from its own keys.
    for (const [section, key, guess] of [
      ['google', 'apiVersoin', 'apiVersion'],
      ['fal', 'baseUrl', 'baseURL'],
    ]) {
      await project.write('imagegen.config.ts', `export default { ${section}: { ${key}: 'x' } }\n`)
      const wrong = (await loadConfig(project.root).catch((reason: unknown) => reason)) as ImagegenError
      expect(wrong.message).toContain(`\`${section}.${key}\` is not an option — did you mean \`${guess}\`?`)
    }
    await project.write('imagegen.config.ts', "export default { mode: 'fast' }\n")
    const mode = (await loadConfig(project.root).catch((reason: unknown) => reason)) as ImagegenError
    expect(mode.message).toBe(
      'imagegen.config.ts:1:18  `mode` must be one of `generate`, `frozen`, `placeholder`',
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
    expect(String(failure)).toContain('imagegen.config.mjs:1:18  `nonsense` is not an option')
    await build(project.root, { ...options, config: false })
  })
})
