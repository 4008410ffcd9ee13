import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildExample, filesUnder, REPO, run, siteImages } from './helpers/examples.js'

/**
 * Every example builds for real, offline and without a key, the way the README tells a newcomer to.
 * The builds write in place: each example's dist/ (and .astro/, .output/) is gitignored; `nuxt generate`
 * links dist/ to .output/public.
 */
const EXAMPLES = ['vite', 'webpack', 'esbuild', 'rspack', 'astro', 'nuxt'] as const
const PLACEHOLDER = { IMAGEGEN_MODE: 'placeholder' }
const TIMEOUT = 120_000
/** A Next build type-checks too: minutes, on a 2-core machine. */
const NEXT_TIMEOUT = 480_000

async function expectSiteWithImages(name: string): Promise<string[]> {
  const dist = join(REPO, 'examples', name, 'dist')
  const { text, urls, files } = await siteImages(dist)
  expect(files.filter((file) => file.endsWith('.html'))).toContain('index.html')
  expect(text).toContain('srcset')
  const images = files.filter((file) => /\.(?:webp|png)$/.test(file))
  expect(images.length).toBeGreaterThanOrEqual(6)
  // Every image URL in the html and scripts names a file the build wrote, and the srcset widths are there.
  expect(urls.length).toBeGreaterThanOrEqual(6)
  for (const url of urls) expect(images).toContain(posix.normalize(url.replace(/^\//, '')))
  expect(text).toMatch(/ 320w/)
  return images
}

describe('examples build offline with no key (placeholder mode)', () => {
  for (const name of EXAMPLES) {
    it(
      `examples/${name}`,
      async () => {
        const result = await buildExample(name, PLACEHOLDER)
        expect(result.output).not.toMatch(/ERR_PNPM|Error:/)
        expect(result.code).toBe(0)
        expect(result.output).toMatch(/imagegen: 3 entries: /)
        await expectSiteWithImages(name)
      },
      TIMEOUT,
    )
  }
})

describe('examples/next builds offline with no key, under Turbopack and webpack', () => {
  for (const script of ['build', 'build:webpack']) {
    it(
      `next ${script === 'build' ? 'build' : 'build --webpack'}: every image URL of the prerendered page is a file under .next/static/media`,
      async () => {
        const example = join(REPO, 'examples', 'next')
        await rm(join(example, '.next'), { recursive: true, force: true })
        const result = await run('pnpm', ['--filter', './examples/next', script], {
          cwd: REPO,
          env: PLACEHOLDER,
        })
        expect(result.output).not.toMatch(/ERR_PNPM|Module not found/)
        expect(result.code).toBe(0)
        expect(result.output).toMatch(/imagegen: 3 entries: /)
        const html = await readFile(join(example, '.next', 'server', 'app', 'index.html'), 'utf8')
        const media = await filesUnder(join(example, '.next', 'static', 'media'))
        const urls = [...new Set(html.match(/\/_next\/static\/media\/[\w.-]+/g) ?? [])]
        // hero (next/image: one file), badge (next/image), 2 gallery images at 240w and 480w.
        expect(urls.length).toBeGreaterThanOrEqual(6)
        for (const url of urls) expect(media).toContain(url.slice('/_next/static/media/'.length))
        expect(html).toMatch(/data:image\/webp;base64,/)
      },
      NEXT_TIMEOUT,
    )
  }
})

describe('examples/astro type-checks', () => {
  it(
    'astro check passes with the generated types',
    async () => {
      const result = await run('pnpm', ['--filter', './examples/astro', 'check'], {
        cwd: REPO,
        env: PLACEHOLDER,
      })
      expect(result.output).toMatch(/0 errors/)
      expect(result.code).toBe(0)
    },
    NEXT_TIMEOUT,
  )
})

describe('examples/vite in CI (frozen mode) from its committed store', () => {
  it(
    'builds every entry from the store, none a placeholder',
    async () => {
      const result = await buildExample('vite', { CI: 'true' })
      expect(result.code).toBe(0)
      expect(result.output).toContain('imagegen: 3 entries: 3 from store, 0 generated, 0 placeholders')
      await expectSiteWithImages('vite')
    },
    TIMEOUT,
  )

  it(
    'fails in frozen mode on an entry missing from the store',
    async () => {
      const result = await buildExample('webpack', { CI: 'true' })
      expect(result.code).not.toBe(0)
    },
    TIMEOUT,
  )
})

describe('the API key never reaches a build', () => {
  const KEY = 'fake-key-imagegen-SECRET-examples-7f3a'
  let fake: FakeOpenAI
  let copy: string

  beforeAll(async () => {
    fake = await startFakeOpenAI()
    // Inside examples/vite (under its gitignored .cache/) so that vite and the plugin resolve.
    const cache = join(REPO, 'examples', 'vite', '.cache')
    await mkdir(cache, { recursive: true })
    copy = await mkdtemp(join(cache, 'secret-'))
    for (const file of ['index.html', 'images.yaml', 'vite.config.ts', 'src']) {
      await cp(join(REPO, 'examples', 'vite', file), join(copy, file), { recursive: true })
    }
  })
  afterAll(async () => {
    await fake?.close()
    if (copy) await rm(copy, { recursive: true, force: true })
  })

  it(
    'generates against the fake, and no output file or stored file contains the key',
    async () => {
      const vite = join(REPO, 'examples', 'vite', 'node_modules', 'vite', 'bin', 'vite.js')
      const result = await run(process.execPath, [vite, 'build'], {
        cwd: copy,
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, IMAGEGEN_MODE: 'generate' },
      })
      expect(result.code).toBe(0)
      expect(result.output).toContain('imagegen: 3 entries: 0 from store, 3 generated, 0 placeholders')
      expect(result.output).not.toContain(KEY)
      const files = await filesUnder(copy)
      expect(files.some((file) => file.startsWith('.imagegen/blobs/'))).toBe(true)
      expect(files.some((file) => file.startsWith('dist/assets/'))).toBe(true)
      for (const file of files) {
        const bytes = await readFile(join(copy, file))
        expect(bytes.includes(KEY), file).toBe(false)
      }
    },
    TIMEOUT,
  )
})
