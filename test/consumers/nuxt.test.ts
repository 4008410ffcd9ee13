import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'
import { freePort } from './helpers/next-server.js'
import type { Navigation } from './helpers/page-images.js'
import { serveStatic, startServerCommand } from './helpers/servers.js'

const NUXT_ENV = { NUXT_TELEMETRY_DISABLED: '1' }

/** A click on the page's NuxtLink once Vue has hydrated the app (Vue marks its root container). */
const TO_ICON: Navigation = {
  link: 'a[href="/icon"]',
  ready: (window) =>
    Boolean((window.document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__),
}

/**
 * Nuxt 4.4.5 (the last Nuxt 4 whose engines include Node 20) with npm, `modules: ['unplugin-imagegen/nuxt']`
 * added by `imagegen init`; `nuxt generate`, and `.output/public` served by a plain static server.
 * The pages bind the image object to a plain <img>: in the prerendered HTML, and in the page Vue renders
 * in the browser after a client-side navigation. Then `nuxt dev`, from the store the build filled.
 */
describe('Nuxt 4 with nuxt generate and nuxt dev (npm)', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('nuxt', 'npm', inject('registry'))
    const init = await runInit(project, 'app/images.yaml')
    expect(init.output).toContain('updated  nuxt.config.ts')
    await writeEntries(project, 'app/images.yaml', 'nuxt')
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('nuxt generate, then a static server serves every image, prerendered and after client navigation', {
    timeout: 900_000,
  }, async () => {
    // `nuxt prepare` (the template's postinstall, as after any install) loads the module init added: the
    // types exist before any build.
    const prepare = await project.exec(['nuxt', 'prepare'], NUXT_ENV)
    expect(prepare.code, prepare.output).toBe(0)
    const appTsconfig = await readFile(join(project.dir, '.nuxt', 'tsconfig.app.json'), 'utf8')
    expect(appTsconfig).toMatch(/"allowArbitraryExtensions": true/)
    expect(await readFile(join(project.dir, 'app', 'images.d.yaml.ts'), 'utf8')).toMatch(
      /export declare const cover/,
    )

    const generate = await project.script('generate', { ...generateEnv(fake), ...NUXT_ENV })
    expect(generate.output).toMatch(/imagegen: 2 entries: /)
    await expectNothingPrivate(project, '.output/public', ['consumer-nuxt'])
    const site = await serveStatic(join(project.dir, '.output', 'public'))
    try {
      // cover: src and srcset 480w, 960w; icon: src and srcset 128w, 256w.
      await expectServedImages(site.url, { scripts: false, minimum: 3 })
      await expectServedImages(new URL('icon', site.url).href, { scripts: false, minimum: 3 })
      const navigated = await expectServedImages(site.url, { scripts: true, minimum: 3, navigate: TO_ICON })
      expect(navigated.map((claim) => new URL(claim.url).pathname)).toEqual([
        expect.stringMatching(/^\/_nuxt\/icon-256\.[\w-]+\.png$/),
        expect.stringMatching(/^\/_nuxt\/icon-128\.[\w-]+\.png$/),
        expect.stringMatching(/^\/_nuxt\/icon-256\.[\w-]+\.png$/),
      ])
    } finally {
      await site.close()
    }
  })

  it('nuxt dev serves the page and every image', { timeout: 300_000 }, async () => {
    const dev = await startServerCommand(
      join(project.dir, 'node_modules', '.bin', 'nuxt'),
      ['dev', '--host', '127.0.0.1', '--port', String(await freePort())],
      { cwd: project.dir, env: { ...generateEnv(fake), ...NUXT_ENV } },
    )
    try {
      // Rendered by Nuxt's SSR Vite server, the files answered by its client one.
      const claims = await expectServedImages(dev.url, { scripts: false, minimum: 3 })
      expect(claims.every((claim) => new URL(claim.url).pathname.startsWith('/_nuxt/@imagegen/'))).toBe(true)
    } finally {
      await dev.close()
    }
  })
})
