import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'
import { serveStatic } from './helpers/servers.js'

describe('SvelteKit 2, adapter-static, prerendered, after `imagegen init` (npm)', () => {
  let fake: FakeOpenAI
  beforeAll(async () => {
    fake = await startFakeOpenAI()
  })
  afterAll(() => fake?.close())

  it('prerenders pages whose HTML names every image, each served by a static server', async () => {
    const project = await createConsumer('sveltekit', 'npm', inject('registry'))
    // The manifest goes in src/lib, where the page imports it from as `$lib/images.yaml`.
    const init = await runInit(project, 'src/lib/images.yaml')
    expect(init.output).toContain('updated  vite.config.js')
    await writeEntries(project, 'src/lib/images.yaml', 'sveltekit')
    await project.script('build', generateEnv(fake))
    await expectNothingPrivate(project, 'build', ['consumer-sveltekit'])
    const served = await serveStatic(join(project.dir, 'build'))
    try {
      // Only the served HTML: no script runs. garden: 400w, 800w, src; two stones: 256w and src each.
      await expectServedImages(served.url, { scripts: false, minimum: 7 })
    } finally {
      await served.close()
      await project.remove()
    }
  })
})
