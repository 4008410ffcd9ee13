import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import puppeteer, { type Browser } from 'puppeteer-core'
import imagegen from 'unplugin-imagegen/vite'
import { build, createServer, type ViteDevServer } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createProject } from './helpers/project.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const KEY = 'fake-key-imagegen-stream-4e2b'

const manifest = `defaults:
  model: gpt-image-1
  quality: low
  size: 1024x1024

images:
  hero:
    prompt: An otter drifting in kelp, streamed
`

const page = {
  'index.html':
    '<!doctype html><html><body><main id="app"></main><script type="module" src="/main.js"></script></body></html>',
  'main.js': `import { hero } from './images.yaml'
const img = document.createElement('img')
img.id = 'hero'
img.src = hero.src
img.srcset = hero.srcset
img.width = hero.width
img.height = hero.height
document.getElementById('app').append(img)`,
  'images.yaml': manifest,
}

const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function filesUnder(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((item) => item.isFile())
  return names.map((item) => join(item.parentPath, item.name))
}

let fake: FakeOpenAI
let browser: Browser
const servers: ViteDevServer[] = []

beforeAll(async () => {
  // Slow streaming: each event (two previews, then the image) comes 1.5 s after the one before.
  fake = await startFakeOpenAI({ streamIntervalMs: 1500 })
  browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true })
}, 60_000)
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  fake.reset()
})
afterAll(async () => {
  await browser?.close()
  await fake?.close()
})

async function devServer(files: Record<string, string>): Promise<{ root: string; server: ViteDevServer }> {
  const root = await createProject(files)
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
    plugins: [imagegen({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url } })],
  })
  servers.push(server)
  await server.listen()
  return { root, server }
}

describe('vite dev streams the previews of a GPT image model into the page', () => {
  it('replaces the image at least twice before the final one, and stores only the final image', async () => {
    const { root, server } = await devServer(page)
    const tab = await browser.newPage()
    // Every image the page showed, in order, with its pixel width once loaded.
    await tab.evaluateOnNewDocument(() => {
      const shown: { src: string; width: number }[] = []
      ;(window as unknown as { shown: typeof shown }).shown = shown
      document.addEventListener(
        'load',
        (event) => {
          const image = event.target as HTMLImageElement
          if (image.id === 'hero') shown.push({ src: image.currentSrc, width: image.naturalWidth })
        },
        true,
      )
    })
    const previews = new Set<string>()
    tab.on('response', async (response) => {
      if (response.url().includes('?preview=')) previews.add(sha256(await response.buffer()))
    })
    let navigations = 0
    tab.on('framenavigated', (frame) => {
      if (frame === tab.mainFrame()) navigations++
    })
    const { port } = server.httpServer!.address() as AddressInfo
    await tab.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' })
    await tab.waitForFunction(
      () =>
        /\/@imagegen\/[0-9a-f]{16}\.png$/.test(
          (document.getElementById('hero') as HTMLImageElement)?.currentSrc,
        ) && (document.getElementById('hero') as HTMLImageElement).complete,
      { timeout: 30_000 },
    )
    const shown = await tab.evaluate(
      () => (window as unknown as { shown: { src: string; width: number }[] }).shown,
    )
    const sources = shown.map((image) => new URL(image.src).pathname + new URL(image.src).search)
    const final = sources.findIndex((src) => /^\/@imagegen\/[0-9a-f]{16}\.png$/.test(src))
    const before = sources.slice(0, final)
    const previewSources = before.filter((src) => src.includes('?preview='))
    expect(new Set(previewSources).size).toBeGreaterThanOrEqual(2)
    expect(before[0]).toMatch(/^\/@imagegen\/pending\/[0-9a-f]{16}\/[^?]+$/)
    // Every preview loaded as an image (a broken one has no natural width).
    for (const image of shown.slice(0, final)) {
      if (image.src.includes('?preview=')) expect(image.width).toBeGreaterThan(0)
    }
    expect(navigations).toBe(1)

    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, partial_images: 2 })
    await server.close()
    const store = join(root, '.imagegen')
    const files = await filesUnder(store)
    expect(files.filter((file) => file.includes(`${join(store, 'blobs')}`))).toHaveLength(1)
    expect(files.filter((file) => file.includes(`${join(store, 'recipes')}`))).toHaveLength(1)
    expect(previews.size).toBeGreaterThanOrEqual(2)
    for (const file of files) expect(previews.has(sha256(await readFile(file))), file).toBe(false)
  }, 60_000)

  it('does not stream with partialImages: 0 in imagegen.config.mjs', async () => {
    const { server } = await devServer({
      ...page,
      'imagegen.config.mjs': 'export default { partialImages: 0 }\n',
    })
    await server.transformRequest('/images.yaml')
    await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBe(1)
    expect(fake.requests[0]?.body).not.toHaveProperty('stream')
    expect(fake.requests[0]?.body).not.toHaveProperty('partial_images')
  })

  it('streams by default in dev even without a page (the request asks for previews)', async () => {
    const { server } = await devServer(page)
    await server.transformRequest('/images.yaml')
    await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBe(1)
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, partial_images: 2 })
  })
})

describe('vite build', () => {
  it('never streams: the fake saw no stream: true', async () => {
    const root = await createProject(page)
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [imagegen({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url } })],
    })
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]?.body).not.toHaveProperty('stream')
    expect(fake.requests[0]?.body).not.toHaveProperty('partial_images')
    expect(await filesUnder(join(root, 'dist'))).not.toHaveLength(0)
  }, 60_000)
})
