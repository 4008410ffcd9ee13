import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  buildRecipe,
  canonicalJson,
  createInputHasher,
  loadManifest,
  parseManifest,
  recipeKey,
} from '../src/internal.js'
import { createProject, issuesOf, png, recordingLogger } from './manifest-helpers.js'

async function load(lines: string[]) {
  const { root, write } = await createProject()
  const file = await write('images.yaml', `${lines.join('\n')}\n`)
  return loadManifest(file, { root })
}

async function problems(lines: string[]) {
  return (await issuesOf(load(lines))).map((issue) => ({
    problem: issue.problem,
    at: [issue.position?.line, issue.position?.column],
    hint: issue.hint,
  }))
}

describe('a manifest mixing providers', () => {
  it('infers the provider from a known model, or takes the default model of a named provider', async () => {
    const manifest = await load([
      'defaults:',
      '  quality: high',
      'images:',
      '  hero:',
      '    prompt: An otter',
      '  banner:',
      '    model: gemini-2.5-flash-image',
      '    prompt: An otter banner',
      '    aspectRatio: "21:9"',
      '  portrait:',
      '    provider: google',
      '    prompt: An otter portrait',
      '  photo:',
      '    model: imagen-4.0-generate-001',
      '    prompt: An otter photo',
      '    n: 4',
    ])
    const byName = Object.fromEntries(manifest.entries.map((entry) => [entry.name, entry]))
    expect(byName.hero).toMatchObject({
      provider: 'openai',
      request: { model: 'gpt-image-1', quality: 'high' },
    })
    // `quality` is an OpenAI field: the default is left out of Google entries, not an error.
    expect(byName.banner?.request).toEqual({
      model: 'gemini-2.5-flash-image',
      prompt: 'An otter banner',
      aspectRatio: '21:9',
    })
    expect(byName.banner?.provider).toBe('google')
    expect(byName.portrait).toMatchObject({
      provider: 'google',
      request: { model: 'gemini-2.5-flash-image' },
    })
    const photo = await buildRecipe(byName.photo!, createInputHasher())
    expect(photo).toMatchObject({
      provider: 'google',
      request: { n: 4, aspectRatio: '1:1', personGeneration: 'allow_adult', imageSize: '1K' },
    })
  })

  it('an unknown model with provider: google is allowed with a warning and goes to Google', async () => {
    const { root, write } = await createProject()
    const logger = recordingLogger()
    const file = await write(
      'images.yaml',
      'images:\n  a:\n    provider: google\n    model: gemini-9-image\n    prompt: x\n',
    )
    const manifest = await loadManifest(file, { root, logger })
    expect(manifest.entries[0]).toMatchObject({ provider: 'google', unknownModel: true })
    expect(logger.warnings.join('\n')).toContain('gemini-9-image')
  })

  it('points at each value Google models do not take, with the allowed values', async () => {
    expect(
      await problems([
        'images:',
        '  photo:',
        '    model: imagen-4.0-generate-001',
        '    prompt: An otter',
        '    aspectRatio: "21:9"',
        '  banner:',
        '    model: gemini-2.5-flash-image',
        '    prompt: An otter',
        '    imageSize: 2K',
        '    n: 2',
        '  pro:',
        '    model: gemini-3-pro-image-preview',
        '    prompt: An otter',
        '    imageSize: 8K',
      ]),
    ).toEqual([
      {
        problem: '`aspectRatio: 21:9` is not a value imagen-4.0-generate-001 takes',
        at: [5, 18],
        hint: 'use 1:1, 3:4, 4:3, 9:16 or 16:9',
      },
      {
        problem: '`imageSize` is not a field gemini-2.5-flash-image takes',
        at: [9, 5],
        hint: 'remove it; it is for gemini-3-pro-image-preview, imagen-4.0-generate-001 or imagen-4.0-ultra-generate-001',
      },
      {
        problem: '`n: 2`: gemini-2.5-flash-image makes at most 1 image per request',
        at: [10, 8],
        hint: 'use n: 1, or one entry per image',
      },
      expect.objectContaining({ at: [14, 16] }),
    ])
  })

  it('refuses OpenAI fields on a Google model, a model of another provider, and a mask Gemini cannot use', async () => {
    const found = await problems([
      'images:',
      '  a:',
      '    model: gemini-2.5-flash-image',
      '    prompt: An otter',
      '    quality: high',
      '  b:',
      '    provider: google',
      '    model: gpt-image-1',
      '    prompt: An otter',
      '  c:',
      '    model: gemini-2.5-flash-image',
      '    prompt: Add a hat',
      '    images: [./square.png]',
      '    mask: ./mask.png',
    ])
    expect(found).toEqual([
      {
        problem: '`quality` is not a field gemini-2.5-flash-image takes',
        at: [5, 5],
        hint: 'remove it; it is for a GPT image model, dall-e-2 or dall-e-3',
      },
      {
        problem: 'gpt-image-1 is a model of openai, and the provider is google',
        at: [8, 12],
        hint: expect.stringContaining(
          'use a google model (gemini-2.5-flash-image, gemini-3-pro-image-preview,',
        ),
      },
      expect.objectContaining({ problem: 'gemini-2.5-flash-image takes no mask', at: [14, 5] }),
    ])
  })
})

describe('fal apps in a manifest', () => {
  it('provider: fal picks FLUX dev; fal field names; values each app takes, with positions', async () => {
    const manifest = await load([
      'images:',
      '  a:',
      '    provider: fal',
      '    prompt: An otter',
      '    image_size: square_hd',
    ])
    expect(manifest.entries[0]).toMatchObject({
      provider: 'fal',
      request: { model: 'fal-ai/flux/dev', image_size: 'square_hd' },
    })
    expect(
      await problems([
        'images:',
        '  a:',
        '    model: fal-ai/flux/dev',
        '    prompt: An otter',
        '    output_format: webp',
        '  b:',
        '    model: fal-ai/recraft/v3/text-to-image',
        '    prompt: An otter logo',
        '    n: 2',
      ]),
    ).toEqual([
      {
        problem: '`output_format: webp` is not a value fal-ai/flux/dev takes',
        at: [5, 20],
        hint: 'use jpeg or png',
      },
      {
        problem: '`n: 2`: fal-ai/recraft/v3/text-to-image makes at most 1 image per request',
        at: [9, 8],
        hint: 'use n: 1, or one entry per image',
      },
    ])
  })
})

describe('consistent sets: style_prompt and reference_images', () => {
  const manifest = (style: string, extra: string[] = []) =>
    [
      'defaults:',
      `  style_prompt: ${style}`,
      '  reference_images: [./palette.png]',
      'images:',
      '  hero:',
      '    prompt: An otter',
      '  banner:',
      '    model: gemini-2.5-flash-image',
      '    prompt: An otter banner',
      '  photo:',
      '    model: imagen-4.0-fast-generate-001',
      '    prompt: An otter photo',
      '  own-style:',
      '    prompt: An otter logo',
      '    style_prompt: single-colour line art',
      '  remix:',
      '    model: dall-e-2',
      '    variation: ./square.png',
      ...extra,
    ].join('\n')

  async function keys(root: string, yaml: string) {
    const parsed = await parseManifest(yaml, { file: join(root, 'images.yaml'), root })
    const hasher = createInputHasher()
    const result: Record<string, string> = {}
    for (const entry of parsed.entries) result[entry.name] = recipeKey(await buildRecipe(entry, hasher))
    return { result, entries: parsed.entries }
  }

  it('changing the style regenerates exactly the entries it reaches', async () => {
    const { root, write } = await createProject()
    await write('palette.png', png(16, 16))
    const before = await keys(root, manifest('watercolor, soft light'))
    const after = await keys(root, manifest('flat vector, bold outlines'))
    const changed = Object.keys(before.result).filter((name) => before.result[name] !== after.result[name])
    // Not `own-style` (its own style wins) and not the variation (it has no prompt).
    expect(changed.sort()).toEqual(['banner', 'hero', 'photo'])
  })

  it('sends the references only where the model reads input images, and their bytes are in the key', async () => {
    const { root, write } = await createProject()
    await write('palette.png', png(16, 16))
    const before = await keys(root, manifest('watercolor'))
    const byName = Object.fromEntries(before.entries.map((entry) => [entry.name, entry]))
    expect(byName.banner?.references.map((file) => file.path)).toEqual(['./palette.png'])
    expect(byName.hero?.references).toEqual([])
    expect(byName.photo?.references).toEqual([])
    await write('palette.png', png(16, 17))
    const after = await keys(root, manifest('watercolor'))
    const changed = Object.keys(before.result).filter((name) => before.result[name] !== after.result[name])
    expect(changed).toEqual(['banner'])
  })

  it('keeps the keys of a manifest without a style or references', async () => {
    const { root } = await createProject()
    const plain = 'images:\n  hero:\n    prompt: An otter\n'
    const { entries } = await keys(root, plain)
    const recipe = await buildRecipe(entries[0]!, createInputHasher())
    // Byte for byte the recipe imagegen wrote before styles and references existed: no key moves.
    expect(canonicalJson(recipe)).toBe(
      '{"endpoint":"generations","inputs":{},"provider":"openai","request":{"background":"auto","model":"gpt-image-1","moderation":"auto","n":1,"output_format":"png","prompt":"An otter","quality":"auto","size":"auto"},"rev":0,"version":1}',
    )
  })
})
