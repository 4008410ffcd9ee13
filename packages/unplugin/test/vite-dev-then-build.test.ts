import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build, createServer } from 'vite'
import { afterEach, expect, it } from 'vitest'
import imagegenVite from '../src/vite.js'
import { copyFixture, type Project } from './helpers/project.js'

let project: Project | undefined
afterEach(async () => {
  await project?.remove()
  project = undefined
})

// Astro runs a dev-mode Vite (to render its pages) and then a build, both with the same plugin object.
it('emits files in a build after a dev server used the same plugin object', async () => {
  project = await copyFixture()
  const { root } = project
  const quiet = { info() {}, warn() {}, error() {} }
  const plugin = imagegenVite({ root, mode: 'placeholder', dts: false, logger: quiet })

  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { middlewareMode: true, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [plugin],
  })
  try {
    expect((await server.transformRequest('/images.yaml'))?.code).toContain('/@imagegen/')
  } finally {
    await server.close()
  }

  const outDir = join(root, 'dist')
  await build({
    root,
    base: '/static/',
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      assetsInlineLimit: 0,
      rollupOptions: { input: join(root, 'entry.js'), output: { entryFileNames: 'entry.js' } },
    },
  })
  const code = await readFile(join(outDir, 'entry.js'), 'utf8')
  expect(code).not.toContain('@imagegen/')
  const urls = [...code.matchAll(/"\/static\/(assets\/[^"]+\.(?:webp|png|jpg|avif))"/g)].map(
    (match) => match[1],
  )
  expect(urls.length).toBeGreaterThan(0)
  const emitted = await readdir(join(outDir, 'assets'))
  for (const url of urls) expect(emitted).toContain(url?.slice('assets/'.length))
})
