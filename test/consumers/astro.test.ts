import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectNothingPrivate, expectServedImages, generateEnv } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'
import { freePort } from './helpers/next-server.js'
import { startServerCommand } from './helpers/servers.js'

/**
 * Astro 5, static, `integrations: [imagegen()]` as `imagegen init` adds it, with Astro's own image service
 * (sharp) behind `<Image>` from astro:assets; installed with pnpm, which gives a project only the
 * packages it names.
 */
describe('Astro 5 static with astro:assets (pnpm)', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('astro', 'pnpm', inject('registry'))
    const init = await runInit(project, 'src/images.yaml')
    expect(init.output).toContain('updated  astro.config.mjs')
    await writeEntries(project, 'src/images.yaml', 'astro')
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('passes astro check after init, builds, and astro preview serves every image', {
    timeout: 900_000,
  }, async () => {
    const check = await project.script('check', { ASTRO_TELEMETRY_DISABLED: '1' })
    expect(check.output).toMatch(/0 errors/)
    const tsconfig = await readFile(join(project.dir, 'tsconfig.json'), 'utf8')
    expect(tsconfig).toMatch(/"allowArbitraryExtensions": true/)
    const build = await project.script('build', { ...generateEnv(fake), ASTRO_TELEMETRY_DISABLED: '1' })
    expect(build.output).toMatch(/imagegen: 2 entries: /)
    expect(build.output).not.toMatch(/MissingSharp/)
    await expectNothingPrivate(project, 'dist', ['consumer-astro'])
    const port = await freePort()
    const preview = await startServerCommand(
      join(project.dir, 'node_modules', '.bin', 'astro'),
      ['preview', '--host', '127.0.0.1', '--port', String(port)],
      { cwd: project.dir, env: { ASTRO_TELEMETRY_DISABLED: '1' } },
    )
    try {
      // cover: <Image> at 480 (+2x?), srcset 480w and 960w, src; icon: <Image> at 128.
      await expectServedImages(preview.url, { scripts: false, minimum: 5 })
    } finally {
      await preview.close()
    }
  })
})
