import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, generateEnv } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'
import { expectNextPageImages, startNext } from './helpers/next-server.js'

/**
 * Next 16, app router, `withImagegen(nextConfig)` as `imagegen init` wraps it: next/image with `placeholder="blur"` in a server
 * and a client component, and a plain srcset. Built with Turbopack (the default) and with `--webpack`,
 * served by `next start`; and `next dev` (Turbopack) serving the page and every image.
 * hero: next/image (8 optimizer widths + the file) and 3 srcset widths + src; badge: 1x and 2x.
 */
describe('Next 16 app router (npm)', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('next', 'npm', inject('registry'))
    const init = await runInit(project, 'app/images.yaml')
    expect(init.output).toContain('updated  next.config.ts')
    expect(init.output).toContain('updated  tsconfig.json')
    await writeEntries(project, 'app/images.yaml', 'next')
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  for (const build of ['build', 'build:webpack'] as const) {
    it(`next ${build === 'build' ? 'build (Turbopack)' : 'build --webpack'}, then next start serves every image`, {
      timeout: 900_000,
    }, async () => {
      await rm(join(project.dir, '.next'), { recursive: true, force: true })
      const result = await project.script(build, generateEnv(fake))
      expect(result.output).toMatch(/imagegen: 2 entries: /)
      await expectNothingPrivate(project, '.next/static', ['consumer-next'])
      const server = await startNext(project.dir, 'start')
      try {
        await expectNextPageImages(server.url, { minimum: 12, blurred: 2 })
      } finally {
        await server.close()
      }
    })
  }

  it('next dev (Turbopack) serves the page and every image', { timeout: 900_000 }, async () => {
    await rm(join(project.dir, '.next'), { recursive: true, force: true })
    const server = await startNext(project.dir, 'dev', generateEnv(fake))
    try {
      await expectNextPageImages(server.url, { minimum: 12, blurred: 2 })
    } finally {
      await server.close()
    }
  })
})
