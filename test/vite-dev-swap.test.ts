import type { AddressInfo } from 'node:net'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import puppeteer, { type Browser } from 'puppeteer-core'
import imagegen from 'unplugin-imagegen/vite'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, manyEntries } from './helpers/project.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ENTRIES = 6

const page = {
  'index.html':
    '<!doctype html><html><body><main id="app"></main><script type="module" src="/main.js"></script></body></html>',
  'main.js': `import images from './images.yaml'
const app = document.getElementById('app')
for (const [name, image] of Object.entries(images)) {
  const img = document.createElement('img')
  img.id = name
  img.src = image.src
  img.dataset.first = image.src
  img.srcset = image.srcset
  img.width = image.width
  img.height = image.height
  app.append(img)
}`,
  'images.yaml': manyEntries(ENTRIES),
}

let fake: FakeOpenAI
let server: ViteDevServer
let browser: Browser
const hmr: string[] = []

beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: 2500 })
  const root = await createProject(page)
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
    plugins: [
      // Previews off: this test counts the events that carry arrived images (vite-dev-stream.test.ts has the previews).
      imagegen({
        env: { OPENAI_API_KEY: 'fake-key-imagegen-swap-7c1a', OPENAI_BASE_URL: fake.url },
        partialImages: 0,
      }),
    ],
  })
  await server.listen()
  const hot = server.environments.client.hot
  const send = hot.send.bind(hot) as (...args: unknown[]) => void
  hot.send = ((...args: unknown[]) => {
    const payload = args[0] as { type: string; event?: string }
    hmr.push(payload.event ?? payload.type)
    send(...args)
  }) as typeof hot.send
  browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await fake?.close()
})

describe('vite dev in a real browser, images still generating', () => {
  it('shows placeholders at once, then swaps each image in place without reloading the page', async () => {
    const tab = await browser.newPage()
    let navigations = 0
    tab.on('framenavigated', (frame) => {
      if (frame === tab.mainFrame()) navigations++
    })
    const { port } = server.httpServer!.address() as AddressInfo
    await tab.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' })
    await tab.waitForFunction((count) => document.images.length === count, {}, ENTRIES)
    await tab.evaluate(() => {
      ;(window as unknown as { kept: boolean }).kept = true
    })
    // What the module gave the page: URLs of images still being generated.
    const first = await tab.$$eval('img', (all) => all.map((image) => image.dataset.first ?? ''))
    for (const src of first) expect(src).toContain('/@imagegen/pending/')

    await tab.waitForFunction(
      () => Array.from(document.images).every((image) => !image.src.includes('/pending/') && image.complete),
      { timeout: 25_000 },
    )
    const after = await tab.$$eval('img', (all) =>
      all.map((image) => ({
        src: image.getAttribute('src') ?? '',
        srcset: image.srcset,
        current: image.currentSrc,
        width: image.naturalWidth,
      })),
    )
    for (const image of after) {
      expect(image.src).toMatch(/^\/@imagegen\/[0-9a-f]{16}\.png$/)
      expect(image.srcset).not.toContain('/pending/')
      // Loaded (a broken image has no natural width), and from the stored file rather than the placeholder.
      expect(image.current).toMatch(/\/@imagegen\/[0-9a-f]{16}\.png$/)
      expect(image.width).toBeGreaterThan(0)
    }
    expect(await tab.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true)
    expect(navigations).toBe(1)
    expect(hmr).not.toContain('full-reload')
    expect(hmr).not.toContain('update')
    // Six images that arrive together reach the page in fewer events than images.
    const events = hmr.filter((event) => event === 'imagegen:arrived').length
    expect(events).toBeGreaterThan(0)
    expect(events).toBeLessThan(ENTRIES)
    expect(fake.requests).toHaveLength(ENTRIES)
  })
})
