import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv, startVite } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'

describe('Vite 8 + React (pnpm): named imports', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('vite-react', 'pnpm', inject('registry'))
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('builds with `imagegen sync && tsc -b && vite build` and vite preview serves every image', async () => {
    await project.script('build', generateEnv(fake))
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
