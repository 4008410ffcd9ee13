import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import type { Navigation } from './helpers/page-images.js'
import { serveStatic } from './helpers/servers.js'

const NUXT_ENV = { NUXT_TELEMETRY_DISABLED: '1' }

/** A click on the page's NuxtLink once Vue has hydrated the app (Vue marks its root container). */
const TO_ICON: Navigation = {
  link: 'a[href="/icon"]',
  ready: (window) =>
    Boolean((window.document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__),
}

/**
 * Nuxt 4.4.5 (the last Nuxt 4 whose engines include Node 20), `modules: ['unplugin-imagegen/nuxt']` as
 * the README says, with npm; `nuxt generate`, and `.output/public` served by a plain static server.
 * The pages bind the image object to a plain <img>: in the prerendered HTML, and in the page Vue renders
 * in the browser after a client-side navigation.
 */
describe('Nuxt 4 static with nuxt generate (npm)', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('nuxt', 'npm', inject('registry'))
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('nuxt generate, then a static server serves every image, prerendered and after client navigation', {
    timeout: 900_000,
  }, async () => {
    // `nuxt prepare` (the template's postinstall) loaded the module: the types exist before any build.
    const appTsconfig = await readFile(join(project.dir, '.nuxt', 'tsconfig.app.json'), 'utf8')
    expect(appTsconfig).toMatch(/"allowArbitraryExtensions": true/)
    expect(await readFile(join(project.dir, 'images.d.yaml.ts'), 'utf8')).toMatch(
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
})
