import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE_KEY, runImagegen, runNode } from './cli-helpers.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const PACKAGES = resolve(HERE, '..', '..')
const fromUnplugin = createRequire(join(PACKAGES, 'unplugin', 'package.json'))
/** The workspace's own copies, linked where an install would put them. */
const INSTALLED: Record<string, string> = {
  vite: dirname(fromUnplugin.resolve('vite/package.json')),
  typescript: dirname(fromUnplugin.resolve('typescript/package.json')),
  'unplugin-imagegen': join(PACKAGES, 'unplugin'),
  imagegen: join(PACKAGES, 'cli'),
}

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI()
})
afterAll(async () => {
  await fake.close()
})

describe('a create-vite vanilla-ts app after imagegen init', () => {
  it('type-checks and builds with the image it declares', { timeout: 180_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'imagegen-init-build-'))
    await cp(join(HERE, 'fixtures', 'init', 'vite-vanilla'), root, { recursive: true })
    const init = await runImagegen(['init'], { cwd: root })
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain('created  vite.config.ts')

    // `npm install -D unplugin-imagegen imagegen`, as init said.
    await mkdir(join(root, 'node_modules'))
    for (const [name, dir] of Object.entries(INSTALLED))
      await symlink(dir, join(root, 'node_modules', name), 'dir')
    const manifest = await readFile(join(root, 'src', 'images.yaml'), 'utf8')
    const schema = /\$schema=(\S+)/.exec(manifest)?.[1] ?? ''
    expect(existsSync(resolve(root, 'src', schema))).toBe(true)

    await writeFile(
      join(root, 'src', 'main.ts'),
      [
        "import { hero } from './images.yaml'",
        '',
        "const img = document.createElement('img')",
        'img.src = hero.src',
        'img.srcset = hero.srcset',
        'img.alt = hero.alt',
        'document.body.append(img)',
        '',
      ].join('\n'),
    )
    const env = { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: fake.url }
    const build = await runNode([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: root,
      env,
    })
    expect(build.code, build.stderr + build.stdout).toBe(0)
    expect(fake.requests).toHaveLength(1)
    const assets = await readdir(join(root, 'dist', 'assets'))
    expect(assets.filter((file) => file.endsWith('.avif'))).toHaveLength(2)
    const bundle = assets.find((file) => file.endsWith('.js')) ?? ''
    expect(await readFile(join(root, 'dist', 'assets', bundle), 'utf8')).toContain(
      'A mountain lake at sunrise',
    )

    // The types the build wrote beside the manifest are found through allowArbitraryExtensions.
    expect(existsSync(join(root, 'src', 'images.d.yaml.ts'))).toBe(true)
    const tsc = await runNode(
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'],
      {
        cwd: root,
      },
    )
    expect(tsc.code, tsc.stdout).toBe(0)
  })
})
