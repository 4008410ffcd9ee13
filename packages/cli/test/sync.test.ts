import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runImagegen } from './cli-helpers.js'

const UNPLUGIN = fileURLToPath(new URL('../../unplugin', import.meta.url))
const MANIFEST = 'images:\n  hero:\n    prompt: A lighthouse at dusk\n    alt: A lighthouse\n'
const SCHEMA_LINE =
  '# yaml-language-server: $schema=../node_modules/unplugin-imagegen/dist/images.schema.json\n'
const TSCONFIG = { compilerOptions: { allowArbitraryExtensions: true, noEmit: true }, include: ['src'] }

/** A project as a user's looks after `npm i -D unplugin-imagegen imagegen`: the plugin in node_modules. */
async function project(files: Record<string, string>, withPlugin = true): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-sync-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true })
    await writeFile(join(root, name), content)
  }
  if (withPlugin) {
    await mkdir(join(root, 'node_modules'), { recursive: true })
    await symlink(UNPLUGIN, join(root, 'node_modules', 'unplugin-imagegen'), 'dir')
  }
  return root
}

describe('imagegen sync', () => {
  it('writes the type file of every manifest, before any build, and says how many', async () => {
    const root = await project({
      'package.json': '{ "type": "module" }',
      'tsconfig.json': JSON.stringify(TSCONFIG),
      'src/images.yaml': SCHEMA_LINE + MANIFEST,
      'src/blog/posts.images.yaml': 'images:\n  cover:\n    prompt: A book\n    n: 2\n',
    })
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.stderr).toBe('')
    expect(synced.code).toBe(0)
    expect(synced.stdout).toContain('imagegen sync: types of 2 manifests (2 written)')
    expect(await readFile(join(root, 'src/images.d.yaml.ts'), 'utf8')).toContain(
      'import type { ImagegenImage } from "unplugin-imagegen"\n\n/** A lighthouse */\nexport declare const hero: ImagegenImage',
    )
    expect(await readFile(join(root, 'src/blog/posts.images.d.yaml.ts'), 'utf8')).toContain(
      'export declare const cover: ImagegenImage[]',
    )
    expect((await runImagegen(['sync'], { cwd: root })).stdout).toContain('(0 written)')
  })

  it('names the missing allowArbitraryExtensions, and the tsconfig that lacks it, with exit 2', async () => {
    const root = await project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { noEmit: true }, include: ['src'] }),
      'src/images.yaml': MANIFEST,
    })
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(2)
    expect(synced.stderr.trim()).toBe(
      'imagegen sync: tsconfig.app.json lacks "allowArbitraryExtensions": true in "compilerOptions" — add it, so TypeScript reads images.d.yaml.ts for the manifest\'s imports',
    )
  })

  it('names a manifest folder that no tsconfig includes', async () => {
    const root = await project({ 'tsconfig.json': JSON.stringify(TSCONFIG), 'content/images.yaml': MANIFEST })
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(2)
    expect(synced.stderr).toContain(
      'content/images.d.yaml.ts is in no tsconfig\'s "include" — add "content" to "include" in tsconfig.json',
    )
  })

  it('names the package to install when the types would import from a package that is missing', async () => {
    const root = await project(
      { 'tsconfig.json': JSON.stringify(TSCONFIG), 'src/images.yaml': MANIFEST },
      false,
    )
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(2)
    expect(synced.stderr).toContain('which is not installed here — npm install --save-dev unplugin-imagegen')
  })

  it('names the tsconfig whose "extends" is not installed, where, and the fix; exit 2, no stack', async () => {
    const root = await project({
      'tsconfig.json':
        '{\n  // the template\'s base\n  "extends": "@tsconfig/missing/tsconfig.json",\n  "include": ["src"]\n}\n',
      'src/images.yaml': MANIFEST,
    })
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(2)
    expect(synced.stderr.trim()).toBe(
      'imagegen sync: tsconfig.json:3:14  "extends": "@tsconfig/missing/tsconfig.json" names no file — it is not installed: npm install --save-dev @tsconfig/missing (or pnpm add -D / yarn add -D), or fix "extends"',
    )
    expect(synced.stdout).toContain('imagegen sync: types of 1 manifest')
  })

  it('names a referenced tsconfig whose "extends" path names no file', async () => {
    const root = await project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }),
      'tsconfig.app.json': JSON.stringify({ extends: ['./tsconfig.base.json'], include: ['src'] }),
      'src/images.yaml': MANIFEST,
    })
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(2)
    expect(synced.stderr.trim()).toBe(
      'imagegen sync: tsconfig.app.json:1:13  "extends": "./tsconfig.base.json" names no file — no such file: fix the path in "extends"',
    )
  })

  it('under Yarn PnP, does not ask to install unplugin-imagegen, and says where the schema is', async () => {
    const root = await project(
      {
        '.pnp.cjs': '',
        'tsconfig.json': JSON.stringify(TSCONFIG),
        'src/images.yaml': SCHEMA_LINE + MANIFEST,
      },
      false,
    )
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(0)
    expect(synced.stderr).not.toContain('npm install')
    expect(synced.stderr).toContain('Yarn PnP keeps unplugin-imagegen in a zip archive')
  })

  it('warns of a $schema path that names no file, with the path that works', async () => {
    const root = await project({
      'package.json': '{}',
      'src/images.yaml': `# yaml-language-server: $schema=./node_modules/@imagegen/core/schema/images.schema.json\n${MANIFEST}`,
    })
    const synced = await runImagegen(['sync'], { cwd: root })
    expect(synced.code).toBe(0)
    expect(synced.stderr.trim()).toBe(
      'src/images.yaml:1:25  $schema=./node_modules/@imagegen/core/schema/images.schema.json does not exist — use $schema=../node_modules/unplugin-imagegen/dist/images.schema.json',
    )
  })
})
