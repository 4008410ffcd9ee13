import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildRecipe, canonicalJson, createInputHasher, parseManifest, recipeKey } from '../src/internal.js'
import { createProject, png } from './manifest-helpers.js'

/** The key of every entry in a manifest, by entry name. */
async function keysOf(
  root: string,
  yaml: string,
  file = join(root, 'images.yaml'),
): Promise<Record<string, string>> {
  const manifest = await parseManifest(yaml, { file, root })
  const hasher = createInputHasher()
  const keys: Record<string, string> = {}
  for (const entry of manifest.entries) keys[entry.name] = recipeKey(await buildRecipe(entry, hasher))
  return keys
}

const base = `
images:
  hero:
    prompt: A cute baby sea otter
    size: 1536x1024
    quality: medium
`

describe('recipe keys', () => {
  it('are 64 hex characters and stable across runs', async () => {
    const { root } = await createProject()
    const first = await keysOf(root, base)
    expect(first.hero).toMatch(/^[0-9a-f]{64}$/)
    expect(await keysOf(root, base)).toEqual(first)
  })

  it.each([
    ['prompt', base.replace('A cute baby sea otter', 'A cute baby sea lion')],
    ['size', base.replace('1536x1024', '1024x1536')],
    ['quality', base.replace('medium', 'high')],
    ['model', `${base}    model: gpt-image-1.5\n`],
    ['n', `${base}    n: 2\n`],
    ['background', `${base}    background: opaque\n`],
    ['output_format', `${base}    output_format: webp\n`],
    ['output_compression', `${base}    output_format: webp\n    output_compression: 80\n`],
    ['moderation', `${base}    moderation: low\n`],
    ['rev', `${base}    rev: 1\n`],
  ])('change when %s changes', async (_field, changed) => {
    const { root } = await createProject()
    const before = await keysOf(root, base)
    const after = await keysOf(root, changed)
    expect(after.hero).not.toBe(before.hero)
  })

  it.each([
    ['alt', `${base}    alt: An otter\n`],
    ['placeholder', `${base}    placeholder: blur\n`],
    ['transform', `${base}    transform: { format: avif, widths: [640, 1280] }\n`],
    [
      'key order',
      '\nimages:\n  hero:\n    quality: medium\n    size: 1536x1024\n    prompt: A cute baby sea otter\n',
    ],
    [
      'YAML formatting',
      '# a comment\nimages: { hero: { prompt: "A cute baby sea otter", size: "1536x1024", quality: medium } }\n',
    ],
    [
      'defaults',
      '\ndefaults:\n  quality: medium\nimages:\n  hero:\n    prompt: A cute baby sea otter\n    size: 1536x1024\n',
    ],
  ])('stay the same when only %s changes', async (_what, changed) => {
    const { root } = await createProject()
    expect(await keysOf(root, changed)).toEqual(await keysOf(root, base))
  })

  it('give one key for an omitted default and the explicit default', async () => {
    const { root } = await createProject()
    const implicit = await keysOf(root, 'images:\n  hero:\n    prompt: An otter\n')
    const explicit = await keysOf(
      root,
      'images:\n  hero:\n    prompt: An otter\n    model: gpt-image-1\n    n: 1\n    quality: auto\n    size: auto\n    background: auto\n    output_format: png\n    moderation: auto\n',
    )
    expect(explicit.hero).toBe(implicit.hero)
  })

  describe('of edits', () => {
    const edit = (image: string) => `
images:
  basket:
    prompt: A gift basket holding these
    images: [${image}, ./wide.png]
    mask: ./mask.png
`

    it('follow the bytes of input files, not their paths', async () => {
      const project = await createProject()
      const before = await keysOf(project.root, edit('./square.png'))
      await rename(join(project.root, 'square.png'), join(project.root, 'moved.png'))
      expect(await keysOf(project.root, edit('./moved.png'))).toEqual(before)
    })

    it('change when an input file’s bytes change', async () => {
      const project = await createProject()
      const before = await keysOf(project.root, edit('./square.png'))
      await project.write('square.png', png(16, 16))
      expect((await keysOf(project.root, edit('./square.png'))).basket).not.toBe(before.basket)
    })

    it('change when the mask’s bytes change', async () => {
      const project = await createProject()
      const before = await keysOf(project.root, edit('./square.png'))
      await project.write('mask.png', png(4, 4))
      expect((await keysOf(project.root, edit('./square.png'))).basket).not.toBe(before.basket)
    })

    it('change when input order changes', async () => {
      const project = await createProject()
      const before = await keysOf(project.root, edit('./square.png'))
      const swapped = edit('./wide.png').replace('./wide.png]', './square.png]')
      expect((await keysOf(project.root, swapped)).basket).not.toBe(before.basket)
    })
  })
})

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    )
  })
})
