import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { REPO } from '../helpers/examples.js'
import { expectNothingPrivate, expectServedImages, generateEnv, startVite } from './helpers/checks.js'
import { type Consumer, createConsumer } from './helpers/consumer.js'
import { runInit, writeEntries } from './helpers/init.js'

const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)$/m

/** The `$schema` path a comment line names, resolved from the manifest's folder. */
function schemaPath(manifest: string, text: string): string {
  const path = SCHEMA_LINE.exec(text)?.[1]
  if (!path) throw new Error(`no $schema line in ${manifest}`)
  return resolve(dirname(manifest), path)
}

/**
 * Yarn 4 with `nodeLinker: node-modules`, installed from npm (no corepack), on create-vite's vanilla
 * JavaScript template: the README's `$schema` line must name a file here as under npm and pnpm.
 */
describe('Vite 8 vanilla (Yarn 4, node-modules linker): init, sync, build', () => {
  let fake: FakeOpenAI
  let project: Consumer
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    project = await createConsumer('vite-yarn', 'yarn', inject('registry'))
    const init = await runInit(project, 'src/images.yaml')
    expect(init.output).toContain('created  vite.config.js')
    await writeEntries(project, 'src/images.yaml', 'vite-yarn')
  })
  afterAll(async () => {
    await fake?.close()
    await project?.remove()
  })

  it('names a schema file that exists, in the manifest init wrote and in the README', async () => {
    const manifest = join(project.dir, 'src', 'images.yaml')
    expect(existsSync(schemaPath(manifest, await readFile(manifest, 'utf8')))).toBe(true)
    // The README's example manifest sits at the project root.
    const readme = await readFile(join(REPO, 'README.md'), 'utf8')
    expect(existsSync(schemaPath(join(project.dir, 'images.yaml'), readme))).toBe(true)
  })

  it('builds through `imagegen sync && vite build` against the fake; vite preview serves every image', async () => {
    const built = await project.script('build', generateEnv(fake))
    expect(built.output).toContain('imagegen sync: types of 1 manifest')
    expect(built.output).not.toContain('does not exist')
    expect(await readFile(join(project.dir, 'src', 'images.d.yaml.ts'), 'utf8')).toContain(
      'export declare const hero',
    )
    await expectNothingPrivate(project, 'dist', ['consumer-yarn'])
    const preview = await startVite(project, ['preview'])
    try {
      // hero: src and its 320w.
      await expectServedImages(preview.url, { scripts: true, minimum: 2 })
    } finally {
      await preview.close()
    }
  })
})
