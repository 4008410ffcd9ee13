import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadManifest } from '@imagegen/core/internal'
import { describe, expect, it } from 'vitest'
import { schemaProblems } from '../src/sync/schema-check.js'

const MANIFEST =
  '# yaml-language-server: $schema=../node_modules/unplugin-imagegen/dist/images.schema.json\nimages:\n  hero:\n    prompt: A lighthouse\n'
const UNPLUGGED =
  '.yarn/unplugged/unplugin-imagegen-npm-0.1.0-0a1b2c3d4e/node_modules/unplugin-imagegen/dist/images.schema.json'

/** A Yarn Plug'n'Play project: a `.pnp.cjs`, no node_modules, and `files`. */
async function pnpProject(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-schema-pnp-'))
  for (const [name, content] of Object.entries({ '.pnp.cjs': '', ...files })) {
    await mkdir(dirname(join(root, name)), { recursive: true })
    await writeFile(join(root, name), content)
  }
  return root
}

async function problemsOf(root: string): Promise<string[]> {
  return schemaProblems(root, [await loadManifest(join(root, 'src/images.yaml'))])
}

describe('the $schema check under Yarn PnP', () => {
  it('says the package is in a zip archive and names the path `yarn unplug` gives, not an install', async () => {
    const root = await pnpProject({ 'src/images.yaml': MANIFEST })
    expect(await problemsOf(root)).toEqual([
      'src/images.yaml:1:25  $schema=../node_modules/unplugin-imagegen/dist/images.schema.json does not exist — Yarn PnP keeps unplugin-imagegen in a zip archive, where editors cannot read the schema: run `yarn unplug unplugin-imagegen`, which puts it at ../.yarn/unplugged/unplugin-imagegen-npm-<version>-<hash>/node_modules/unplugin-imagegen/dist/images.schema.json (imagegen sync then names the exact path), or set nodeLinker: node-modules in .yarnrc.yml',
    ])
  })

  it('names the unplugged schema once `yarn unplug` has extracted it', async () => {
    const root = await pnpProject({ 'src/images.yaml': MANIFEST, [UNPLUGGED]: '{}' })
    expect(await problemsOf(root)).toEqual([
      `src/images.yaml:1:25  $schema=../node_modules/unplugin-imagegen/dist/images.schema.json does not exist — use $schema=../${UNPLUGGED}`,
    ])
  })

  it('accepts the unplugged path', async () => {
    const root = await pnpProject({
      'src/images.yaml': MANIFEST.replace(
        '../node_modules/',
        `../${UNPLUGGED.replace(/unplugin-imagegen\/dist.*$/, '')}`,
      ),
      [UNPLUGGED]: '{}',
    })
    expect(await problemsOf(root)).toEqual([])
  })
})
