import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { siteImages } from '../helpers/examples.js'
import { expectNothingPrivate, expectServedImages, generateEnv, startVite } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'

describe('Vite 8 vanilla-ts (npm): `imagegen init`, then the template’s `tsc && vite build` after `imagegen sync`', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('vite-vanilla-ts', 'npm', inject('registry'))
    // create-vite's vanilla-ts has no vite.config: init writes one, and turns the tsconfig flag on.
    const init = await runInit(project, 'src/images.yaml')
    expect(init.output).toContain('created  vite.config.ts')
    expect(init.output).toContain('updated  tsconfig.json')
    await writeEntries(project, 'src/images.yaml', 'vite-vanilla-ts')
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('type-checks named imports on a fresh clone, builds, and vite preview serves every image', async () => {
    const built = await project.script('build', generateEnv(fake))
    // `imagegen sync` found the `$schema` path init wrote in src/images.yaml.
    expect(built.output).not.toContain('does not exist')
    expect(await readFile(join(project.dir, 'src', 'images.d.yaml.ts'), 'utf8')).toContain(
      'export declare const hero',
    )
    await expectNothingPrivate(project, 'dist', ['consumer-vanilla'])
    const preview = await startVite(project, ['preview'])
    try {
      // hero: 320w and 640w, plus src; two tiles at 256w, each with src.
      await expectServedImages(preview.url, { scripts: true, minimum: 6 })
    } finally {
      await preview.close()
    }
  })

  it('puts prompts in the bundle only with `meta: true`', async () => {
    const config = join(project.dir, 'vite.config.ts')
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace('imagegen()', 'imagegen({ meta: true })'),
    )
    await project.exec(['vite', 'build'], generateEnv(fake))
    const { text } = await siteImages(join(project.dir, 'dist'))
    expect(text).toContain('A lighthouse on a cliff at dusk, consumer-vanilla prompt')
  })
})
