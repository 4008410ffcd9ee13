import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadManifest, type ManifestEntry, parseManifest } from '../src/internal.js'
import { createProject, type Project, recordingLogger } from './manifest-helpers.js'

describe('a valid manifest', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject()
  })

  async function load(source: string, name = 'images.yaml') {
    const file = await project.write(name, source)
    const logger = recordingLogger()
    const manifest = await loadManifest(file, { root: project.root, logger })
    const byName = (entry: string) => manifest.entries.find((each) => each.name === entry) as ManifestEntry
    return { file, manifest, byName, warnings: logger.warnings }
  }

  it('gives a generation its request, position and defaults of imagegen’s own fields', async () => {
    const { file, manifest, byName } = await load(
      [
        '# yaml-language-server: $schema=./node_modules/@imagegen/core/schema/images.schema.json',
        'images:',
        '  hero-image:',
        '    prompt: A cute baby sea otter floating in a kelp forest',
        '    size: 1536x1024',
        '    quality: high',
        '    alt: An otter',
        '',
      ].join('\n'),
      'generation.images.yaml',
    )
    expect(manifest.file).toBe(file)
    expect(byName('hero-image')).toEqual({
      name: 'hero-image',
      exportName: 'heroImage',
      manifestFile: file,
      position: { file: 'generation.images.yaml', line: 3, column: 3 },
      endpoint: 'generations',
      request: {
        model: 'gpt-image-1',
        prompt: 'A cute baby sea otter floating in a kelp forest',
        size: '1536x1024',
        quality: 'high',
      },
      images: [],
      rev: 0,
      alt: 'An otter',
      placeholder: 'none',
      transform: {},
      unknownModel: false,
    })
  })

  it('makes an entry with one image an edit', async () => {
    const { byName } = await load(
      [
        'images:',
        '  hat:',
        '    prompt: Put a hat on it',
        '    images: [./square.png]',
        '    input_fidelity: high',
        '',
      ].join('\n'),
      'edit-one.images.yaml',
    )
    const entry = byName('hat')
    expect(entry.endpoint).toBe('edits')
    expect(entry.request).toEqual({ model: 'gpt-image-1', prompt: 'Put a hat on it', input_fidelity: 'high' })
    expect(entry.images).toEqual([
      {
        path: './square.png',
        absolutePath: join(project.root, 'square.png'),
        position: { file: 'edit-one.images.yaml', line: 4, column: 14 },
      },
    ])
    expect(entry.mask).toBeUndefined()
  })

  it('makes an entry with several images and a mask an edit, images in order', async () => {
    const { byName } = await load(
      [
        'images:',
        '  gift-basket:',
        '    model: gpt-image-1.5',
        '    prompt: Create a lovely gift basket with these items in it',
        '    images:',
        '      - ./square.png',
        '      - ./photo.jpg',
        '      - sub/../wide.png',
        '    mask: ./mask.png',
        '',
      ].join('\n'),
      'edit-many.images.yaml',
    )
    const entry = byName('gift-basket')
    expect(entry.endpoint).toBe('edits')
    expect(entry.exportName).toBe('giftBasket')
    expect(entry.images.map((image) => image.absolutePath)).toEqual(
      ['square.png', 'photo.jpg', 'wide.png'].map((name) => join(project.root, name)),
    )
    expect(entry.images.map((image) => image.position.line)).toEqual([6, 7, 8])
    expect(entry.mask).toEqual({
      path: './mask.png',
      absolutePath: join(project.root, 'mask.png'),
      position: { file: 'edit-many.images.yaml', line: 9, column: 11 },
    })
  })

  it('makes an entry with variation a dall-e-2 variation, with no prompt', async () => {
    const { byName } = await load(
      [
        'images:',
        '  otter-remix:',
        '    model: dall-e-2',
        '    variation: ./square.png',
        '    n: 2',
        '    rev: 1',
        '',
      ].join('\n'),
      'variation.images.yaml',
    )
    const entry = byName('otter-remix')
    expect(entry.endpoint).toBe('variations')
    expect(entry.request).toEqual({ model: 'dall-e-2', n: 2 })
    expect(entry.variation?.absolutePath).toBe(join(project.root, 'square.png'))
    expect(entry.rev).toBe(1)
  })

  it('merges defaults into every entry, the entry winning field by field', async () => {
    const { byName } = await load(
      [
        'defaults:',
        '  model: gpt-image-1.5',
        '  quality: medium',
        '  output_format: webp',
        '  output_compression: 80',
        '  placeholder: blur',
        '  transform: { format: avif, widths: [640, 1280], quality: 60 }',
        'images:',
        '  hero:',
        '    prompt: An otter',
        '  logo:',
        '    prompt: A logo',
        '    quality: low',
        '    output_format: png',
        '    placeholder: none',
        '    transform: { widths: [128, 256] }',
        '',
      ].join('\n'),
      'defaults.images.yaml',
    )
    expect(byName('hero').request).toEqual({
      model: 'gpt-image-1.5',
      prompt: 'An otter',
      quality: 'medium',
      output_format: 'webp',
      output_compression: 80,
    })
    expect(byName('hero').placeholder).toBe('blur')
    expect(byName('hero').transform).toEqual({ format: 'avif', widths: [640, 1280], quality: 60 })
    // png output does not use the default compression; transform merges one level deep.
    expect(byName('logo').request).toEqual({
      model: 'gpt-image-1.5',
      prompt: 'A logo',
      quality: 'low',
      output_format: 'png',
    })
    expect(byName('logo').placeholder).toBe('none')
    expect(byName('logo').transform).toEqual({ format: 'avif', widths: [128, 256], quality: 60 })
  })

  it('applies a default only where the entry’s model and mode take that field and value', async () => {
    const { byName } = await load(
      [
        'defaults:',
        '  quality: medium',
        '  style: natural',
        '  background: opaque',
        '  size: 1536x1024',
        'images:',
        '  poster:',
        '    model: dall-e-3',
        '    prompt: A poster',
        '  sketch:',
        '    model: dall-e-2',
        '    prompt: A sketch',
        '  hero:',
        '    prompt: An otter',
        '  remix:',
        '    model: dall-e-2',
        '    variation: ./square.png',
        '',
      ].join('\n'),
      'fit.images.yaml',
    )
    // dall-e-3 takes style but neither medium quality, an opaque background nor 1536x1024.
    expect(byName('poster').request).toEqual({ model: 'dall-e-3', prompt: 'A poster', style: 'natural' })
    expect(byName('sketch').request).toEqual({ model: 'dall-e-2', prompt: 'A sketch' })
    expect(byName('hero').request).toEqual({
      model: 'gpt-image-1',
      prompt: 'An otter',
      quality: 'medium',
      background: 'opaque',
      size: '1536x1024',
    })
    expect(byName('remix').request).toEqual({ model: 'dall-e-2' })
  })

  it('leaves out a default that would break the entry’s own fields', async () => {
    const { byName } = await load(
      [
        'defaults:',
        '  output_format: jpeg',
        '  output_compression: 70',
        'images:',
        '  photo:',
        '    prompt: A photo',
        '  logo:',
        '    prompt: A logo',
        '    background: transparent',
        '',
      ].join('\n'),
      'conflict.images.yaml',
    )
    expect(byName('photo').request).toEqual({
      model: 'gpt-image-1',
      prompt: 'A photo',
      output_format: 'jpeg',
      output_compression: 70,
    })
    // jpeg has no transparency: the logo keeps png, and so no compression either.
    expect(byName('logo').request).toEqual({
      model: 'gpt-image-1',
      prompt: 'A logo',
      background: 'transparent',
    })
  })

  it('gives an entry of an unknown model every default', async () => {
    const { byName } = await load(
      [
        'defaults:',
        '  quality: medium',
        '  style: vivid',
        'images:',
        '  hero: { model: my-model, prompt: x }',
        '',
      ].join('\n'),
      'unknown-defaults.images.yaml',
    )
    expect(byName('hero').request).toEqual({
      model: 'my-model',
      prompt: 'x',
      quality: 'medium',
      style: 'vivid',
    })
  })

  it('allows an unknown model with a warning and marks the entry', async () => {
    const { byName, warnings } = await load(
      [
        'images:',
        '  hero:',
        '    model: flux-schnell',
        '    prompt: An otter',
        '    size: 4096x4096',
        '    style: vivid',
        '',
      ].join('\n'),
      'unknown.images.yaml',
    )
    expect(byName('hero').unknownModel).toBe(true)
    expect(byName('hero').request).toEqual({
      model: 'flux-schnell',
      prompt: 'An otter',
      size: '4096x4096',
      style: 'vivid',
    })
    expect(warnings).toEqual([
      'unknown.images.yaml:3:12  hero  model `flux-schnell` is not one imagegen knows: only basic checks were made',
    ])
  })

  it('suggests the model meant when an unknown one looks like a typo, once per place', async () => {
    const { warnings, manifest } = await load(
      ['defaults:', '  model: gpt-imag-1', 'images:', '  a: { prompt: A }', '  b: { prompt: B }', ''].join(
        '\n',
      ),
      'typo.images.yaml',
    )
    expect(manifest.entries.every((entry) => entry.unknownModel)).toBe(true)
    expect(warnings).toEqual([
      'typo.images.yaml:2:10  model `gpt-imag-1` is not one imagegen knows: only basic checks were made — did you mean gpt-image-1?',
    ])
  })

  it('takes any gpt-image-2 size within its bounds, warning about experimental ones', async () => {
    const { byName, warnings } = await load(
      [
        'images:',
        '  wide:',
        '    model: gpt-image-2',
        '    prompt: A panorama',
        '    size: 1536x864',
        '  huge:',
        '    model: gpt-image-2-2026-04-21',
        '    prompt: A poster',
        '    size: 3840x2160',
        '',
      ].join('\n'),
      'flexible.images.yaml',
    )
    expect(byName('wide').request.size).toBe('1536x864')
    expect(byName('huge').request.size).toBe('3840x2160')
    expect(warnings).toEqual([
      'flexible.images.yaml:9:11  huge  size 3840x2160 is experimental for gpt-image-2-2026-04-21',
    ])
  })

  it('accepts an absolute input path inside the root, and a $schema key', async () => {
    const { byName } = await load(
      [
        '$schema: ./node_modules/@imagegen/core/schema/images.schema.json',
        'images:',
        '  hat:',
        '    prompt: Put a hat on it',
        `    images: ["${join(project.root, 'square.png')}"]`,
        '',
      ].join('\n'),
      'absolute.images.yaml',
    )
    expect(byName('hat').images[0]?.absolutePath).toBe(join(project.root, 'square.png'))
  })

  it('resolves input paths from the manifest’s own folder', async () => {
    await project.write(
      join('pages', 'local.png'),
      await import('./manifest-helpers.js').then(({ png }) => png(4, 4)),
    )
    const file = await project.write(
      join('pages', 'images.yaml'),
      'images:\n  hat:\n    prompt: Put a hat on it\n    images: [./local.png, ../square.png]\n',
    )
    const manifest = await loadManifest(file, { root: project.root })
    expect(manifest.entries[0]?.images.map((image) => image.absolutePath)).toEqual([
      join(project.root, 'pages', 'local.png'),
      join(project.root, 'square.png'),
    ])
    expect(manifest.entries[0]?.position.file).toBe('pages/images.yaml')
  })

  it('has no entries for an empty images mapping, in file order otherwise', async () => {
    const empty = await parseManifest('images: {}\n', {
      file: join(project.root, 'empty.images.yaml'),
      root: project.root,
    })
    expect(empty.entries).toEqual([])
    const ordered = await parseManifest('images:\n  zeta: { prompt: z }\n  alpha: { prompt: a }\n', {
      file: join(project.root, 'order.images.yaml'),
      root: project.root,
    })
    expect(ordered.entries.map((entry) => entry.name)).toEqual(['zeta', 'alpha'])
  })
})
