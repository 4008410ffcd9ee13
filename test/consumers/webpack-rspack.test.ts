import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'
import { serveStatic } from './helpers/servers.js'

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI()
})
afterAll(() => fake.close())

/**
 * A CommonJS webpack config is one init does not edit: it writes nothing, exits 1 and prints the
 * lines to add. The user adds them where they say, and runs init again for the rest.
 */
async function addByHandThenInit(project: Consumer): Promise<void> {
  const refused = await project.exec(['imagegen', 'init'])
  expect(refused.code, refused.output).toBe(1)
  expect(refused.output).toContain('nothing was written — webpack.config.js was left alone')
  const lines = refused.output.split('then run `imagegen init` again for the rest:\n')[1]?.split('\n') ?? []
  const [requireLine, pluginsLine] = lines.map((line) => line.trim())
  expect(requireLine).toBe("const imagegen = require('unplugin-imagegen/webpack')")
  // The config has a plugins list: a second `plugins:` key would drop HtmlWebpackPlugin.
  expect(pluginsLine).toMatch(
    /^plugins: \[imagegen\(\)\], +\/\/ .*if a plugins list is there already, add imagegen\(\) to it$/,
  )

  const config = join(project.dir, 'webpack.config.js')
  const before = await readFile(config, 'utf8')
  const after = before
    .replace(/^(const HtmlWebpackPlugin = .*\n)/m, `$1${requireLine}\n`)
    .replace('plugins: [', 'plugins: [imagegen(), ')
  expect(after).not.toBe(before)
  await writeFile(config, after)
  const init = await runInit(project, 'src/images.yaml')
  expect(init.output).toContain('webpack.config.js  uses unplugin-imagegen already')
}

describe.each([
  { template: 'webpack', bundler: 'webpack 5, CommonJS config with html-webpack-plugin' },
  { template: 'rspack', bundler: 'Rspack, ESM config with HtmlRspackPlugin' },
])('$bundler (npm)', ({ template }) => {
  it('after `imagegen init`, builds against the API and serves every image URL of its page', async () => {
    const project = await createConsumer(template, 'npm', inject('registry'))
    if (template === 'webpack') await addByHandThenInit(project)
    else expect((await runInit(project, 'src/images.yaml')).output).toContain('updated  rspack.config.mjs')
    await writeEntries(project, 'src/images.yaml', template)
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
