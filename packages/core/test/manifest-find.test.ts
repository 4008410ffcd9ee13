import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findManifests, isManifestFile } from '../src/internal.js'
import { createProject } from './manifest-helpers.js'

describe('findManifests', () => {
  it('finds images.yaml and *.images.yaml, skipping dependencies, build output, the store and hidden folders', async () => {
    const project = await createProject()
    const manifest = 'images: {}\n'
    const wanted = ['images.yaml', 'src/hero.images.yaml', 'src/pages/blog/images.yaml']
    const skipped = [
      'node_modules/some-lib/images.yaml',
      'packages/site/node_modules/x/images.yaml',
      '.git/images.yaml',
      '.imagegen/images.yaml',
      'dist/images.yaml',
      'out/images.yaml',
      'build/images.yaml',
      '.astro/images.yaml',
      '.next/images.yaml',
      '.cache/images.yaml',
      '.hidden/images.yaml',
      'src/images.yml',
      'src/images.yaml.bak',
      'src/myimages.yaml',
      'src/.images.yaml',
    ]
    for (const path of [...wanted, ...skipped]) await project.write(path, manifest)
    expect(await findManifests(project.root)).toEqual(wanted.map((path) => join(project.root, path)).sort())
  })

  it('skips more folders by name or by path from the root', async () => {
    const project = await createProject()
    for (const path of [
      'a/images.yaml',
      'fixtures/images.yaml',
      'deep/fixtures/images.yaml',
      'examples/old/images.yaml',
    ]) {
      await project.write(path, 'images: {}\n')
    }
    expect(await findManifests(project.root, { ignore: ['fixtures', 'examples/old'] })).toEqual([
      join(project.root, 'a/images.yaml'),
    ])
  })

  it('names manifest files by the documented rule', () => {
    expect(['images.yaml', 'hero.images.yaml', 'a.b.images.yaml'].map(isManifestFile)).toEqual([
      true,
      true,
      true,
    ])
    expect(['images.yml', '.images.yaml', 'image.yaml', 'images.yaml.orig'].map(isManifestFile)).toEqual([
      false,
      false,
      false,
      false,
    ])
  })

  it('refuses a root it cannot read', async () => {
    const project = await createProject()
    await expect(findManifests(join(project.root, 'missing'))).rejects.toMatchObject({ code: 'CONFIG' })
  })
})
