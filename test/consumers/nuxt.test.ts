import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { createConsumer } from './helpers/consumer.js'
import { serveStatic } from './helpers/servers.js'

/** Nuxt 4 (the last minor that runs on Node 20), `modules: ['unplugin-imagegen/nuxt']`, `nuxt generate`. */
describe('Nuxt 4, nuxt generate (npm)', () => {
  let fake: FakeOpenAI
  beforeAll(async () => {
    fake = await startFakeOpenAI()
  })
  afterAll(() => fake?.close())

  it('generates a static site whose HTML names every image, each served by a static server', {
    timeout: 900_000,
  }, async () => {
    const project = await createConsumer('nuxt', 'npm', inject('registry'))
    try {
      const result = await project.script('generate', { ...generateEnv(fake), NUXT_TELEMETRY_DISABLED: '1' })
      expect(result.output).toMatch(/imagegen: 2 entries: /)
      await expectNothingPrivate(project, '.output/public', ['consumer-nuxt'])
      const served = await serveStatic(join(project.dir, '.output', 'public'))
      try {
        // lake: 320w, 640w and src; pine: 256w and src.
        await expectServedImages(served.url, { scripts: false, minimum: 5 })
      } finally {
        await served.close()
      }
    } finally {
      await project.remove()
    }
  })
})
