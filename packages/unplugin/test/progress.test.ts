import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { build, createLogger, createServer, type Logger } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import imagegenVite from '../src/vite.js'
import { copyFixture, type Project } from './helpers/project.js'

/** Vite's own logger, keeping each line it is given: the plugin has no logger of its own here. */
function recordingViteLogger(): Logger & { lines: string[] } {
  const base = createLogger('silent')
  const lines: string[] = []
  const record = (message: string) => {
    lines.push(message)
  }
  return { ...base, lines, info: record, warn: record }
}

// The fake answers each image after 3 s: longer than the first "still generating" line waits (2 s).
const LATENCY_MS = 3_000

let fake: FakeOpenAI
let project: Project
beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: LATENCY_MS })
  project = await copyFixture()
})
afterAll(async () => {
  await fake?.close()
  await project?.remove()
})

function imagegenLines(lines: readonly string[]): string[] {
  return lines.filter((line) => line.includes('imagegen:'))
}

describe('a build that generates is never silent', () => {
  it('vite build: each start and end, the ones in flight with their time, then the summary, each a line', {
    timeout: 120_000,
  }, async () => {
    const env = { OPENAI_API_KEY: 'fake-key-progress', OPENAI_BASE_URL: fake.url }
    const customLogger = recordingViteLogger()
    await build({
      root: project.root,
      configFile: false,
      customLogger,
      plugins: [imagegenVite({ root: project.root, env })],
      build: { outDir: 'dist', rollupOptions: { input: 'entry.js' }, minify: false },
    })
    const lines = imagegenLines(customLogger.lines)
    for (const line of lines) expect(line).not.toMatch(/\n./)
    for (const name of ['hero', 'sketches', 'gift-basket']) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^imagegen: generating ${name} \\(\\d in flight\\)$`)),
      )
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^imagegen: generated ${name} in \\d+\\.\\d s \\([1-3]/3 done\\)$`)),
      )
    }
    const still = lines.find((line) => line.includes('still generating'))
    expect(still).toMatch(/^imagegen: 0\/3 entries done; still generating (\S+ \d+\.\d s(, )?){3}$/)
    expect(lines.at(-1)).toMatch(/^imagegen: 3 entries: 0 from store, 3 generated, 0 placeholders; ~\$\d/)
    expect(lines.indexOf(still ?? '')).toBeLessThan(
      lines.findIndex((line) => line.includes('generated hero')),
    )
  })
})

describe('vite dev', () => {
  it('logs what it generates behind the page, through the server’s logger', {
    timeout: 120_000,
  }, async () => {
    const dev = await copyFixture()
    const customLogger = recordingViteLogger()
    const server = await createServer({
      root: dev.root,
      configFile: false,
      customLogger,
      server: { port: 0, host: '127.0.0.1' },
      optimizeDeps: { noDiscovery: true, include: [] },
      plugins: [
        imagegenVite({
          root: dev.root,
          env: { OPENAI_API_KEY: 'fake-key-progress', OPENAI_BASE_URL: fake.url },
        }),
      ],
    })
    try {
      await server.listen()
      await server.transformRequest('/images.yaml')
      const deadline = Date.now() + 60_000
      while (imagegenLines(customLogger.lines).filter((line) => / done\)$/.test(line)).length < 3) {
        if (Date.now() > deadline) throw new Error(`no end lines in ${customLogger.lines.join('\n')}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const lines = imagegenLines(customLogger.lines)
      expect(lines).toContainEqual(expect.stringMatching(/^imagegen: generating hero \(\d in flight\)$/))
      expect(lines).toContainEqual(expect.stringMatching(/still generating .*\d\.\d s/))
      expect(lines).toContainEqual(
        expect.stringMatching(/^imagegen: generated hero in \d+\.\d s \([1-3]\/3 done\)$/),
      )
    } finally {
      await server.close()
      // A generation the closed server left may still be writing its cache; the folder is temporary.
      await dev.remove().catch(() => {})
    }
  })
})
