import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { ImagegenImage } from '@imagegen/core'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import imagegenVite from '../src/vite.js'
import { copyFixture, type Project } from './helpers/project.js'

// sharp is core's dependency, not this package's: reach it where core does.
const require = createRequire(createRequire(import.meta.url).resolve('@imagegen/core/package.json'))
const sharp = require('sharp') as (bytes: Buffer) => {
  metadata(): Promise<{ width?: number; height?: number; format?: string }>
}

interface ManifestModule {
  hero: ImagegenImage
  sketches: ImagegenImage[]
  giftBasket: ImagegenImage
}

interface DevServer {
  server: ViteDevServer
  origin: string
  /** Every HMR payload the server sent its clients. */
  hmr: { type: string }[]
  warnings: string[]
  errors: string[]
  close(): Promise<void>
}

async function startDevServer(root: string, env: Record<string, string>, base = '/'): Promise<DevServer> {
  const warnings: string[] = []
  const errors: string[] = []
  const server = await createServer({
    root,
    base,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [
      imagegenVite({
        root,
        env,
        meta: true,
        logger: {
          info() {},
          warn: (message) => warnings.push(message),
          error: (message) => errors.push(message),
        },
      }),
    ],
  })
  await server.listen()
  const address = server.httpServer?.address() as AddressInfo | null | undefined
  if (!address) throw new Error('the dev server is not listening')
  // What the browser's HMR client would receive over the WebSocket.
  const hmr: { type: string }[] = []
  const hot = server.environments.client.hot
  const send = hot.send.bind(hot) as (...args: unknown[]) => void
  hot.send = ((...args: unknown[]) => {
    hmr.push(typeof args[0] === 'string' ? { type: 'custom' } : (args[0] as { type: string }))
    send(...args)
  }) as typeof hot.send
  return {
    server,
    origin: `http://127.0.0.1:${address.port}`,
    hmr,
    warnings,
    errors,
    close: () => server.close(),
  }
}

/** The manifest module as the dev server serves it, run. */
async function manifestModule(server: ViteDevServer, url = '/images.yaml'): Promise<ManifestModule> {
  const result = await server.transformRequest(url)
  if (!result) throw new Error(`no module for ${url}`)
  return import(`data:text/javascript,${encodeURIComponent(result.code)}`) as Promise<ManifestModule>
}

async function fetchImage(origin: string, src: string) {
  const response = await fetch(origin + src)
  const bytes = Buffer.from(await response.arrayBuffer())
  const { width, height, format } = response.ok ? await sharp(bytes).metadata() : {}
  const digest = createHash('sha256').update(bytes).digest('hex')
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    width,
    height,
    format,
    digest,
  }
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('vite dev: generate mode against a slow fake', () => {
  let fake: FakeOpenAI
  let project: Project
  let dev: DevServer

  beforeAll(async () => {
    fake = await startFakeOpenAI({ latencyMs: 1000 })
    project = await copyFixture()
    dev = await startDevServer(project.root, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url })
  })
  afterAll(async () => {
    await dev?.close()
    await fake?.close()
    await project?.remove()
  })

  it('answers the module at once, with the requested sizes, before any image is generated', async () => {
    const { hero, sketches, giftBasket } = await manifestModule(dev.server)
    expect(fake.requests.every((request) => request.status === undefined)).toBe(true)
    expect(hero).toMatchObject({ width: 640, height: 640, format: 'webp' })
    expect(hero.src).toMatch(/^\/@imagegen\/pending\/[0-9a-f]{16}\/hero-640\.webp$/)
    expect(sketches.map(({ width, height }) => [width, height])).toEqual([
      [256, 256],
      [256, 256],
    ])
    expect(sketches[0]?.src).not.toBe(sketches[1]?.src)
    expect(giftBasket).toMatchObject({ width: 256, height: 256 })
  })

  it('serves an image once it is generated, then updates the module through HMR', async () => {
    const { hero, sketches } = await manifestModule(dev.server)
    const pendingSketches = await Promise.all(sketches.map((sketch) => fetchImage(dev.origin, sketch.src)))
    const image = await fetchImage(dev.origin, hero.src)
    expect(image).toMatchObject({ status: 200, type: 'image/webp', width: 640, height: 640, format: 'webp' })
    const heroRequest = fake.requests.find((request) => JSON.stringify(request.body).includes('sea otter'))
    expect(heroRequest?.status).toBe(200)

    await until('an HMR update', () =>
      dev.hmr.some(({ type }) => type === 'update' || type === 'full-reload'),
    )
    const updated = await until('every entry from the store', async () => {
      const module = await manifestModule(dev.server)
      return JSON.stringify(module).includes('/pending/') ? undefined : module
    })
    expect(fake.requests).toHaveLength(3)
    expect(updated.hero.src).toMatch(/^\/@imagegen\/[0-9a-f]{16}\.webp$/)
    expect(updated.hero.meta?.key).toBe(hero.meta?.key)
    expect(await fetchImage(dev.origin, updated.hero.src)).toMatchObject({ status: 200, width: 640 })
    // Each pending URL of an entry of n = 2 answered with its own image: the one now stored in its place.
    const storedSketches = await Promise.all(
      updated.sketches.map((sketch) => fetchImage(dev.origin, sketch.src)),
    )
    for (const [index, stored] of storedSketches.entries()) {
      expect(stored).toMatchObject({ status: 200, width: 256, height: 256 })
      expect(pendingSketches[index]?.digest).toBe(stored.digest)
    }
    expect(storedSketches[0]?.digest).not.toBe(storedSketches[1]?.digest)
  })

  it('regenerates only the entry whose prompt changed', async () => {
    const before = fake.requests.length
    const hmrBefore = dev.hmr.length
    await project.edit('images.yaml', 'Pencil sketches of otters', 'Charcoal sketches of otters')
    const changed = await until('the edited manifest', async () => {
      const module = await manifestModule(dev.server)
      return module.sketches[0]?.meta?.prompt === 'Charcoal sketches of otters' ? module : undefined
    })
    expect(changed.sketches[0]?.src).toContain('/pending/')
    expect(changed.hero.src).not.toContain('/pending/')
    expect(changed.giftBasket.src).not.toContain('/pending/')

    expect(await fetchImage(dev.origin, changed.sketches[1]?.src ?? '')).toMatchObject({
      status: 200,
      width: 256,
    })
    const requests = fake.requests.slice(before)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.body).toMatchObject({ prompt: 'Charcoal sketches of otters' })
    await until('an HMR update', () => dev.hmr.length > hmrBefore)
    await until('the new sketches from the store', async () => {
      const module = await manifestModule(dev.server)
      return module.sketches[0]?.src.includes('/pending/') ? undefined : true
    })
  })
  it('answers a failed generation with 500, the log and the overlay', async () => {
    await project.edit('images.yaml', 'Charcoal sketches', 'Charcoal sketches [fake:moderation]')
    const failing = await until('the edited manifest', async () => {
      const module = await manifestModule(dev.server)
      return module.sketches[0]?.meta?.prompt?.includes('[fake:moderation]') ? module : undefined
    })
    const response = await fetch(dev.origin + (failing.sketches[0]?.src ?? ''))
    expect(response.status).toBe(500)
    expect(await response.text()).toMatch(/sketches/)
    expect(dev.errors).toEqual([expect.stringMatching(/^unplugin-imagegen: sketches: /)])
    expect(dev.hmr.at(-1)).toMatchObject({ type: 'error' })
  })
})

describe('vite dev: without a key', () => {
  let project: Project
  let dev: DevServer

  beforeAll(async () => {
    project = await copyFixture()
    dev = await startDevServer(project.root, {}, '/site/')
  })
  afterAll(async () => {
    await dev?.close()
    await project?.remove()
  })

  it('serves placeholders under base, with one warning', async () => {
    const { hero, sketches } = await manifestModule(dev.server)
    expect(hero.src).toMatch(/^\/site\/@imagegen\/[0-9a-f]{16}\.webp$/)
    expect(await fetchImage(dev.origin, hero.src)).toMatchObject({
      status: 200,
      type: 'image/webp',
      width: 640,
      height: 640,
    })
    expect(await fetchImage(dev.origin, sketches[1]?.src ?? '')).toMatchObject({ status: 200, width: 256 })
    await manifestModule(dev.server, '/images.yaml?image=hero')
    expect(dev.warnings).toHaveLength(1)
    expect(dev.warnings[0]).toMatch(/placeholders/)
    expect((await fetchImage(dev.origin, '/site/@imagegen/0000000000000000.webp')).status).toBe(404)
  })

  it('reports a bad manifest with its file, line and column', async () => {
    await project.edit('images.yaml', '    n: 2', '    n: many')
    const error = await until('the broken manifest', () =>
      dev.server.transformRequest('/images.yaml').then(
        () => undefined,
        (error: { loc?: { file: string; line: number; column: number } }) => error,
      ),
    )
    expect(error.loc).toMatchObject({ file: expect.stringMatching(/images\.yaml$/), line: 17 })
    expect(error.loc?.column).toBeGreaterThan(0)
  })
})
