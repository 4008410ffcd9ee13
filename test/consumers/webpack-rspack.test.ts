import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { createConsumer } from './helpers/consumer.js'
import { serveStatic } from './helpers/servers.js'

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI()
})
afterAll(() => fake.close())

describe.each([
  { template: 'webpack', bundler: 'webpack 5, CommonJS config with html-webpack-plugin' },
  { template: 'rspack', bundler: 'Rspack, ESM config with HtmlRspackPlugin' },
])('$bundler (npm)', ({ template }) => {
  it('builds against the API and serves every image URL of its page from a static server', async () => {
    const project = await createConsumer(template, 'npm', inject('registry'))
    await project.script('build', generateEnv(fake))
    await expectNothingPrivate(project, 'dist', [`consumer-${template}`])
    const served = await serveStatic(join(project.dir, 'dist'))
    try {
      // 2 entries, 3 images: the harbour's two widths, one width of each kite.
      await expectServedImages(served.url, { scripts: true, minimum: 4 })
    } finally {
      await served.close()
      await project.remove()
    }
  })
})
