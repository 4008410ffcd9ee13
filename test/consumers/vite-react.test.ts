import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv, startVite } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'

describe('Vite 8 + React (pnpm) after `imagegen init`: named imports', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('vite-react', 'pnpm', inject('registry'))
    // The flag goes in tsconfig.app.json, the one of create-vite's references that covers src/.
    const init = await runInit(project, 'src/images.yaml')
    expect(init.output).toContain('updated  vite.config.ts')
    expect(init.output).toContain('updated  tsconfig.app.json')
    await writeEntries(project, 'src/images.yaml', 'vite-react')
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('builds with `imagegen sync && tsc -b && vite build` and vite preview serves every image', async () => {
    const built = await project.script('build', generateEnv(fake))
    // `imagegen sync` found the `$schema` path init wrote in src/images.yaml.
    expect(built.output).not.toContain('does not exist')
    await expectNothingPrivate(project, 'dist', ['consumer-react'])
    const preview = await startVite(project, ['preview'])
    try {
      // cover: 300w, 600w and src; portrait: 200w and src.
      await expectServedImages(preview.url, { scripts: true, minimum: 5 })
    } finally {
      await preview.close()
    }
  })

  it('vite dev answers the page and every image URL on it', async () => {
    const dev = await startVite(project, [], generateEnv(fake))
    try {
      await expectServedImages(dev.url, { scripts: true, minimum: 5 })
    } finally {
      await dev.close()
    }
  })
})
