import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startFakeOpenAI } from '@imagegen/openai-fake'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createImagegen, defaultMode, ImagegenError, type Options, PROVIDERS } from '../src/internal.js'
import { createProject } from './manifest-helpers.js'

const manifest = `defaults:
  model: gpt-image-1
  quality: low

images:
  hero:
    prompt: A cute baby sea otter
    size: 1536x1024
    output_format: webp
  sketches:
    model: dall-e-2
    prompt: Pencil sketches of otters
    size: 256x256
    n: 2
`

async function setup(options: Options = {}) {
  const project = await createProject()
  const file = await project.write('images.yaml', manifest)
  const imagegen = createImagegen({ root: project.root, env: {}, ...options })
  const planned = await imagegen.plan((await imagegen.loadManifest(file)).entries)
  return { project, imagegen, planned, file }
}

describe('createImagegen', () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>
  beforeAll(async () => {
    fake = await startFakeOpenAI()
  })
  afterAll(async () => {
    await fake.close()
  })
  const generateEnv = () => ({ OPENAI_API_KEY: 'fake-key-engine-test', OPENAI_BASE_URL: fake.url })

  it('in placeholder mode answers misses with placeholders of the requested size and stores nothing', async () => {
    const { imagegen, planned, project } = await setup({ mode: 'placeholder' })
    const resolved = await imagegen.resolve(planned)
    expect(resolved.map((item) => [item.entry.name, item.source, item.images.length])).toEqual([
      ['hero', 'placeholder', 1],
      ['sketches', 'placeholder', 2],
    ])
    const hero = resolved[0]?.images[0]
    const meta = await sharp(await hero?.read()).metadata()
    expect([meta.width, meta.height, meta.format]).toEqual([1536, 1024, 'webp'])
    expect(await readdir(project.root)).not.toContain('.imagegen')
  })

  it('in placeholder mode warns once, naming the fix that applies: the key, or the mode when a key is set', async () => {
    // Without a key, the fix names every key variable of every provider in the registry.
    const everyKey = PROVIDERS.flatMap((provider) => provider.keyVariables)
    expect(everyKey).toEqual(expect.arrayContaining(['OPENAI_API_KEY', 'GEMINI_API_KEY', 'FAL_KEY']))
    for (const [env, fixes] of [
      [{}, everyKey.map((name) => new RegExp(`set [^)]*\\b${name}\\b[^)]* to generate them`))],
      [{ OPENAI_API_KEY: 'fake-key-engine-test' }, [/the mode is placeholder; set IMAGEGEN_MODE=generate/]],
    ] as const) {
      const warnings: string[] = []
      const logger = { info() {}, warn: (message: string) => warnings.push(message), error() {} }
      const { imagegen, planned } = await setup({ mode: 'placeholder', env, logger })
      await imagegen.resolve(planned)
      await imagegen.resolve(planned)
      expect(warnings).toHaveLength(1)
      for (const fix of fixes) expect(warnings[0]).toMatch(fix)
    }
  })

  it('in frozen mode refuses misses with every entry, its position and the fix', async () => {
    const { imagegen, planned } = await setup({ mode: 'frozen' })
    const error = await imagegen.resolve(planned).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ImagegenError)
    expect((error as ImagegenError).code).toBe('MISSING_IMAGES')
    expect((error as Error).message).toContain('images.yaml:6:3  hero  not in the store')
    expect((error as Error).message).toContain('images.yaml:10:3  sketches  not in the store')
    expect((error as Error).message).toContain('imagegen generate')
  })

  it('in generate mode generates misses once, then serves them from the store', async () => {
    const { imagegen, planned, project, file } = await setup({ mode: 'generate', env: generateEnv() })
    const before = fake.requests.length
    const resolved = await imagegen.resolve(planned)
    expect(resolved.map((item) => item.source)).toEqual(['generated', 'generated'])
    expect(fake.requests.length - before).toBe(2)
    const hero = resolved[0]?.images[0]
    expect(hero).toMatchObject({ width: 1536, height: 1024, format: 'webp' })
    expect(imagegen.report()).toMatchObject({ generated: 2, generatedImages: 3, failed: [] })
    await imagegen.close()

    const frozen = createImagegen({ root: project.root, env: {}, mode: 'frozen' })
    const again = await frozen.resolve(await frozen.plan((await frozen.loadManifest(file)).entries))
    expect(again.map((item) => item.source)).toEqual(['store', 'store'])
    expect(fake.requests.length - before).toBe(2)
    expect((await again[1]?.images[1]?.read())?.length).toBeGreaterThan(0)
    expect((await frozen.status(planned)).map((item) => item.state)).toEqual(['stored', 'stored'])
  })

  it('sweeps the temporary files a killed writer left in the store once it generates, keeping young ones', async () => {
    const { imagegen, planned, project } = await setup({ mode: 'generate', env: generateEnv() })
    const blobs = join(project.root, '.imagegen', 'blobs')
    await mkdir(blobs, { recursive: true })
    const old = join(blobs, '.tmp-killed-writer')
    const young = join(blobs, '.tmp-writer-at-work')
    await writeFile(old, 'half an image')
    await writeFile(young, 'half an image')
    const anHourAgo = new Date(Date.now() - 3_600_000)
    await utimes(old, anHourAgo, anHourAgo)

    await imagegen.resolve(planned)
    await vi.waitFor(() => expect(existsSync(old)).toBe(false))
    expect(existsSync(young)).toBe(true)
    await imagegen.close()
  })

  it('counts a stored entry with a damaged blob as missing, and never serves it', async () => {
    const { imagegen, planned, project } = await setup({ mode: 'generate', env: generateEnv() })
    const [hero] = await imagegen.resolve(planned)
    const blob = join(project.root, '.imagegen', 'blobs', `${hero?.images[0]?.hash}.webp`)
    const bytes = await readFile(blob)
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff
    await writeFile(blob, bytes)

    const frozen = createImagegen({ root: project.root, env: {}, mode: 'frozen' })
    expect((await frozen.status(planned)).map((item) => item.state)).toEqual(['corrupt', 'stored'])
    await expect(frozen.resolve(planned)).rejects.toThrow(/hero {2}is not in the store/)
  })

  it('records verified stored images in the cache dir on close, so the next run does not hash them again', async () => {
    const { imagegen, planned, project } = await setup({ mode: 'generate', env: generateEnv() })
    await imagegen.resolve(planned)
    await imagegen.close()
    // Past the moments in which a freshly written file's times cannot vouch for it.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
    try {
      const options = { root: project.root, env: {}, mode: 'frozen' as const, cacheDir: 'cache' }
      const first = createImagegen(options)
      expect((await first.status(planned)).map((item) => item.state)).toEqual(['stored', 'stored'])
      expect(first.store.stats()).toEqual({ hashed: 3, cacheHits: 0 })
      await first.close()
      const record = JSON.parse(await readFile(join(project.root, 'cache', 'verified.json'), 'utf8'))
      expect(Object.keys(record.files)).toHaveLength(3)

      const next = createImagegen(options)
      expect((await next.status(planned)).map((item) => item.state)).toEqual(['stored', 'stored'])
      expect(next.store.stats()).toEqual({ hashed: 0, cacheHits: 3 })
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('defaultMode', () => {
  it.each([
    [{ IMAGEGEN_MODE: 'placeholder', OPENAI_API_KEY: 'fake-key-x', CI: 'true' }, 'placeholder'],
    [{ CI: 'true', OPENAI_API_KEY: 'fake-key-x' }, 'frozen'],
    [{ CI: 'false', OPENAI_API_KEY: 'fake-key-x' }, 'generate'],
    [{ OPENAI_API_KEY: 'fake-key-x' }, 'generate'],
    [{}, 'placeholder'],
  ])('with %o is %s', (env, mode) => {
    expect(defaultMode(env)).toBe(mode)
  })

  it('refuses an IMAGEGEN_MODE that is not a mode', () => {
    expect(() => defaultMode({ IMAGEGEN_MODE: 'live' })).toThrow(
      /IMAGEGEN_MODE=live is not a mode — use generate, frozen, placeholder/,
    )
  })
})
