import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type ImagegenErrorCode, loadManifest } from '../src/internal.js'
import { createProject, issuesOf, type Project } from './manifest-helpers.js'

interface BadCase {
  title: string
  /** The manifest, one string a line; `$OUTSIDE` stands for the folder beside the project root. */
  lines: string[]
  code: ImagegenErrorCode
  entry: string | undefined
  at: [line: number, column: number]
  problem: string
  /** A part the hint must contain. */
  hint?: string
}

const IN_EDIT = ['images:', '  edit:', '    prompt: Add a hat']

const cases: BadCase[] = [
  {
    title: 'a number written as text',
    lines: ['images:', '  hero:', '    prompt: An otter', '    n: two'],
    code: 'MANIFEST_TYPE',
    entry: 'hero',
    at: [4, 8],
    problem: '`n: two` should be a whole number, not text',
    hint: 'use a whole number from 1 to 10',
  },
  {
    title: 'images as one path instead of a list',
    lines: ['images:', '  hero:', '    prompt: Put a hat on it', '    images: ./square.png'],
    code: 'MANIFEST_TYPE',
    entry: 'hero',
    at: [4, 13],
    problem: '`images: ./square.png` should be a list, not text',
    hint: '[./photo.png]',
  },
  {
    title: 'an unknown field, with a did-you-mean',
    lines: ['images:', '  hero:', '    prompt: An otter', '    sise: 1024x1024'],
    code: 'MANIFEST_UNKNOWN_KEY',
    entry: 'hero',
    at: [4, 5],
    problem: '`sise` is not a field of an entry',
    hint: 'did you mean `size`?',
  },
  {
    title: 'a camelCase field name',
    lines: ['images:', '  hero:', '    prompt: An otter', '    outputFormat: webp'],
    code: 'MANIFEST_UNKNOWN_KEY',
    entry: 'hero',
    at: [4, 5],
    problem: '`outputFormat` is not a field of an entry',
    hint: 'did you mean `output_format`?',
  },
  {
    title: 'an unknown top-level key',
    lines: ['images:', '  hero:', '    prompt: An otter', 'defualts:', '  model: dall-e-3'],
    code: 'MANIFEST_UNKNOWN_KEY',
    entry: undefined,
    at: [4, 1],
    problem: '`defualts` is not a field of the manifest',
    hint: 'did you mean `defaults`?',
  },
  {
    title: 'an entry-only field in defaults',
    lines: ['defaults:', '  alt: An image', 'images:', '  hero:', '    prompt: An otter'],
    code: 'MANIFEST_UNKNOWN_KEY',
    entry: undefined,
    at: [2, 3],
    problem: '`alt` is not a field of `defaults`',
    hint: 'set it in the entry, not in defaults',
  },
  {
    title: 'an unknown enum value, with a did-you-mean',
    lines: ['images:', '  hero:', '    prompt: An otter', '    placeholder: blurr'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 18],
    problem: '`placeholder: blurr` is not a valid placeholder',
    hint: 'did you mean blur? Use blur, color or none',
  },
  {
    title: 'a size gpt-image-1 does not make',
    lines: ['images:', '  hero:', '    prompt: An otter', '    size: 1600x900'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'hero',
    at: [4, 11],
    problem: '`size: 1600x900` is not a size gpt-image-1 makes',
    hint: 'use 1024x1024, 1536x1024, 1024x1536 or auto',
  },
  {
    title: 'a size dall-e-3 does not make',
    lines: ['images:', '  poster:', '    model: dall-e-3', '    prompt: A poster', '    size: 1536x1024'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'poster',
    at: [5, 11],
    problem: '`size: 1536x1024` is not a size dall-e-3 makes',
    hint: 'use 1024x1024, 1792x1024 or 1024x1792',
  },
  {
    title: 'auto size for dall-e-2',
    lines: ['images:', '  icon:', '    model: dall-e-2', '    prompt: An icon', '    size: auto'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'icon',
    at: [5, 11],
    problem: '`size: auto` is not a size dall-e-2 makes',
    hint: 'use 256x256, 512x512 or 1024x1024',
  },
  {
    title: 'a gpt-image-2 size whose edges are not multiples of 16',
    lines: ['images:', '  banner:', '    model: gpt-image-2', '    prompt: A banner', '    size: 1600x900'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'banner',
    at: [5, 11],
    problem: '`size: 1600x900` is not a size gpt-image-2 makes: both edges must be multiples of 16',
    hint: 'use 1600x896',
  },
  {
    title: 'a gpt-image-2 size wider than 3:1',
    lines: ['images:', '  banner:', '    model: gpt-image-2', '    prompt: A banner', '    size: 3200x1024'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'banner',
    at: [5, 11],
    problem: '`size: 3200x1024` is not a size gpt-image-2 makes: its aspect ratio is over 3:1',
    hint: 'at most 3 times',
  },
  {
    title: 'a size that is not WIDTHxHEIGHT',
    lines: ['images:', '  hero:', '    prompt: An otter', '    size: large'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 11],
    problem: '`size: large` is not WIDTHxHEIGHT or auto',
    hint: 'such as 1024x1024',
  },
  {
    title: 'n above 10',
    lines: ['images:', '  hero:', '    prompt: An otter', '    n: 11'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 8],
    problem: '`n: 11` is more than 10',
  },
  {
    title: 'dall-e-3 with n: 2',
    lines: ['images:', '  poster:', '    model: dall-e-3', '    prompt: A poster', '    n: 2'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'poster',
    at: [5, 8],
    problem: '`n: 2`: dall-e-3 makes at most 1 image per request',
    hint: 'use n: 1',
  },
  {
    title: 'a prompt longer than dall-e-2 reads',
    lines: ['images:', '  icon:', '    model: dall-e-2', `    prompt: ${'a'.repeat(1001)}`],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'icon',
    at: [4, 13],
    problem: '`prompt` is 1,001 characters, more than dall-e-2 reads',
    hint: 'keep it to 1,000 characters',
  },
  {
    title: 'a transparent background with jpeg output',
    lines: [
      'images:',
      '  logo:',
      '    prompt: A logo',
      '    background: transparent',
      '    output_format: jpeg',
    ],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'logo',
    at: [4, 17],
    problem: '`background: transparent` needs png or webp output, and output_format is jpeg',
    hint: 'set output_format: png or webp',
  },
  {
    title: 'output_compression with png output',
    lines: [
      'images:',
      '  hero:',
      '    prompt: An otter',
      '    output_format: png',
      '    output_compression: 80',
    ],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'hero',
    at: [5, 25],
    problem: '`output_compression` applies to jpeg and webp output, and output_format is png',
  },
  {
    title: 'a quality the model does not make',
    lines: ['images:', '  poster:', '    model: dall-e-3', '    prompt: A poster', '    quality: high'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'poster',
    at: [5, 14],
    problem: '`quality: high` is not a quality dall-e-3 makes',
    hint: 'use standard, hd or auto',
  },
  {
    title: 'a quality no model makes, with a did-you-mean',
    lines: ['images:', '  hero:', '    prompt: An otter', '    quality: hgh'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 14],
    problem: '`quality: hgh` is not a valid quality',
    hint: 'did you mean high?',
  },
  {
    title: 'style on gpt-image-1',
    lines: ['images:', '  hero:', '    prompt: An otter', '    style: vivid'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'hero',
    at: [4, 5],
    problem: '`style` is not a field gpt-image-1 takes',
    hint: 'it is for dall-e-3',
  },
  {
    title: 'input_fidelity on a generation',
    lines: ['images:', '  hero:', '    prompt: An otter', '    input_fidelity: high'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'hero',
    at: [4, 5],
    problem: '`input_fidelity` is not a field gpt-image-1 takes in a generation',
    hint: 'it applies to edits',
  },
  {
    title: 'input_fidelity with gpt-image-1-mini',
    lines: [
      ...IN_EDIT,
      '    model: gpt-image-1-mini',
      '    images: [./square.png]',
      '    input_fidelity: high',
    ],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'edit',
    at: [6, 5],
    problem: '`input_fidelity` is not a field gpt-image-1-mini takes',
    hint: 'gpt-image-1, gpt-image-1.5',
  },
  {
    title: 'a variation with gpt-image-1 (pointing at the model)',
    lines: ['images:', '  remix:', '    model: gpt-image-1', '    variation: ./square.png'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'remix',
    at: [3, 12],
    problem: 'gpt-image-1 does not make variations',
    hint: 'use dall-e-2',
  },
  {
    title: 'a variation with the default model (pointing at variation)',
    lines: ['images:', '  remix:', '    variation: ./square.png'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'remix',
    at: [3, 5],
    problem: 'gpt-image-1 does not make variations',
    hint: 'use dall-e-2',
  },
  {
    title: 'a generation with chatgpt-image-latest (edits only in the spec)',
    lines: ['images:', '  hero:', '    model: chatgpt-image-latest', '    prompt: An otter'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'hero',
    at: [3, 12],
    problem: 'chatgpt-image-latest does not generate images from a prompt',
    hint: 'use a GPT image model, dall-e-2 or dall-e-3',
  },
  {
    title: 'an edit with dall-e-3',
    lines: [...IN_EDIT, '    model: dall-e-3', '    images: [./square.png]'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'edit',
    at: [4, 12],
    problem: 'dall-e-3 does not edit images',
    hint: 'use a GPT image model or dall-e-2',
  },
  {
    title: 'dall-e-2 editing two images',
    lines: [...IN_EDIT, '    model: dall-e-2', '    images: [./square.png, ./mask.png]'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'edit',
    at: [5, 13],
    problem: 'dall-e-2 edits one image, and `images` lists 2',
  },
  {
    title: 'a mask without images',
    lines: ['images:', '  hero:', '    prompt: An otter', '    mask: ./mask.png'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 5],
    problem: '`mask` without `images`: a mask marks where an edit changes its first image',
  },
  {
    title: 'images and variation together',
    lines: [
      'images:',
      '  remix:',
      '    model: dall-e-2',
      '    images: [./square.png]',
      '    variation: ./square.png',
    ],
    code: 'MANIFEST_VALUE',
    entry: 'remix',
    at: [5, 5],
    problem: 'an entry has `images` (an edit) or `variation` (a variation), not both',
  },
  {
    title: 'a variation with a prompt',
    lines: [
      'images:',
      '  remix:',
      '    model: dall-e-2',
      '    variation: ./square.png',
      '    prompt: More otters',
    ],
    code: 'MANIFEST_VALUE',
    entry: 'remix',
    at: [5, 5],
    problem: 'a variation takes no prompt',
  },
  {
    title: 'an edit without a prompt',
    lines: ['images:', '  edit:', '    images: [./square.png]'],
    code: 'MANIFEST_TYPE',
    entry: 'edit',
    at: [2, 3],
    problem: 'entry `edit` has images but no prompt',
  },
  {
    title: 'a generation without a prompt',
    lines: ['images:', '  hero:', '    size: 1024x1024'],
    code: 'MANIFEST_TYPE',
    entry: 'hero',
    at: [2, 3],
    problem: 'entry `hero` has no prompt',
  },
  {
    title: 'a blank prompt',
    lines: ['images:', '  hero:', '    prompt: "  "'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [3, 13],
    problem: '`prompt` has no text',
  },
  {
    title: 'a missing input file',
    lines: [...IN_EDIT, '    images: [./square.png, ./missing.png]'],
    code: 'MANIFEST_INPUT',
    entry: 'edit',
    at: [4, 28],
    problem: '`./missing.png` does not exist',
    hint: 'looked for missing.png',
  },
  {
    title: 'moderation on an edit, whose multipart body does not take it',
    lines: [...IN_EDIT, '    images: [./square.png]', '    moderation: low'],
    code: 'MANIFEST_MODEL_RULE',
    entry: 'edit',
    at: [5, 5],
    problem: '`moderation` is not a field gpt-image-1 takes in an edit',
  },
  {
    title: 'a ../ escape',
    lines: [...IN_EDIT, '    images: [../outside/secret.png]'],
    code: 'MANIFEST_INPUT',
    entry: 'edit',
    at: [4, 14],
    problem: '`../outside/secret.png` is outside the project root',
  },
  {
    title: 'a symlink that leads outside the root',
    lines: [...IN_EDIT, '    images: [./link.png]'],
    code: 'MANIFEST_INPUT',
    entry: 'edit',
    at: [4, 14],
    problem: '`./link.png` is a symlink to a file outside the project root',
  },
  {
    title: 'an absolute path outside the root',
    lines: [...IN_EDIT, '    images: ["$OUTSIDE/secret.png"]'],
    code: 'MANIFEST_INPUT',
    entry: 'edit',
    at: [4, 14],
    problem: '`$OUTSIDE/secret.png` is outside the project root',
  },
  {
    title: 'an input that is not an image',
    lines: [...IN_EDIT, '    images: [./notes.txt]'],
    code: 'MANIFEST_INPUT',
    entry: 'edit',
    at: [4, 14],
    problem: '`./notes.txt` is not an image file',
    hint: 'gpt-image-1 takes PNG, JPEG or WEBP',
  },
  {
    title: 'a JPEG for a dall-e-2 variation',
    lines: ['images:', '  remix:', '    model: dall-e-2', '    variation: ./photo.jpg'],
    code: 'MANIFEST_INPUT',
    entry: 'remix',
    at: [4, 16],
    problem: '`./photo.jpg` is a JPEG image',
    hint: 'dall-e-2 takes PNG',
  },
  {
    title: 'a dall-e-2 variation that is not square',
    lines: ['images:', '  remix:', '    model: dall-e-2', '    variation: ./wide.png'],
    code: 'MANIFEST_INPUT',
    entry: 'remix',
    at: [4, 16],
    problem: '`./wide.png` is 8x4, not square',
    hint: 'dall-e-2 takes square images',
  },
  {
    title: 'a mask that is not a PNG',
    lines: [...IN_EDIT, '    images: [./square.png]', '    mask: ./photo.jpg'],
    code: 'MANIFEST_INPUT',
    entry: 'edit',
    at: [5, 11],
    problem: '`./photo.jpg` is a JPEG image',
    hint: 'a mask takes PNG',
  },
  {
    title: 'two entries with one name',
    lines: ['images:', '  hero:', '    prompt: An otter', '  hero:', '    prompt: Another otter'],
    code: 'MANIFEST_DUPLICATE',
    entry: 'hero',
    at: [4, 3],
    problem: 'entry `hero` is defined twice',
    hint: 'the first is at line 2',
  },
  {
    title: 'one field set twice',
    lines: ['images:', '  hero:', '    prompt: An otter', '    prompt: Another otter'],
    code: 'MANIFEST_DUPLICATE',
    entry: 'hero',
    at: [4, 5],
    problem: '`prompt` is set twice in `images.hero`',
    hint: 'the first is at line 3',
  },
  {
    title: 'names whose exports collide',
    lines: ['images:', '  hero-image:', '    prompt: An otter', '  heroImage:', '    prompt: Another otter'],
    code: 'MANIFEST_DUPLICATE',
    entry: 'heroImage',
    at: [4, 3],
    problem: 'entries `hero-image` and `heroImage` both export `heroImage`',
  },
  {
    title: 'a reserved word as a name',
    lines: ['images:', '  default:', '    prompt: An otter'],
    code: 'MANIFEST_VALUE',
    entry: 'default',
    at: [2, 3],
    problem: 'entry name `default` would export `default`, a reserved word',
  },
  {
    title: 'a name that does not start with a letter',
    lines: ['images:', '  1st-place:', '    prompt: A trophy'],
    code: 'MANIFEST_VALUE',
    entry: '1st-place',
    at: [2, 3],
    problem: '`1st-place` is not a valid entry name',
    hint: 'starting with a letter',
  },
  {
    title: 'a YAML syntax error: an unclosed flow sequence',
    lines: [
      'images:',
      '  hero:',
      '    prompt: An otter',
      '    images: [./square.png',
      '  logo:',
      '    prompt: A logo',
    ],
    code: 'MANIFEST_YAML',
    entry: undefined,
    at: [5, 3],
    problem: 'YAML syntax: flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    title: 'a YAML syntax error: uneven indentation',
    lines: ['images:', '  hero:', '    prompt: An otter', '   size: auto'],
    code: 'MANIFEST_YAML',
    entry: undefined,
    at: [4, 1],
    problem: 'YAML syntax: all mapping items must start at the same column',
  },
  {
    title: 'a YAML alias without its anchor',
    lines: ['images:', '  hero: *base'],
    code: 'MANIFEST_YAML',
    entry: undefined,
    at: [2, 9],
    problem: 'YAML alias `*base` has no anchor before it',
  },
  {
    title: 'a list as the whole manifest',
    lines: ['- hero', '- logo'],
    code: 'MANIFEST_TYPE',
    entry: undefined,
    at: [1, 1],
    problem: 'the manifest should be a mapping with `images:`, not a list',
  },
  {
    title: 'an entry with nothing in it',
    lines: ['images:', '  hero:'],
    code: 'MANIFEST_TYPE',
    entry: 'hero',
    at: [2, 3],
    problem: 'entry `hero` should be a mapping of fields, not empty',
  },
  {
    title: 'a default the default model (gpt-image-1) cannot use',
    lines: ['defaults:', '  size: 1600x900', 'images:', '  hero:', '    prompt: An otter'],
    code: 'MANIFEST_MODEL_RULE',
    entry: undefined,
    at: [2, 9],
    problem: '`size: 1600x900` is not a size gpt-image-1 makes',
    hint: 'defaults are checked against gpt-image-1, the default model',
  },
  {
    title: 'a default its own model cannot use',
    lines: [
      'defaults:',
      '  model: dall-e-3',
      '  quality: medium',
      'images:',
      '  poster:',
      '    prompt: A poster',
    ],
    code: 'MANIFEST_MODEL_RULE',
    entry: undefined,
    at: [3, 12],
    problem: '`quality: medium` is not a quality dall-e-3 makes',
    hint: 'use standard, hd or auto (defaults are checked against dall-e-3)',
  },
  {
    title: 'a zero transform width',
    lines: ['images:', '  hero:', '    prompt: An otter', '    transform: { widths: [0, 640] }'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 27],
    problem: '`transform.widths[0]: 0` must be more than 0',
  },
  {
    title: 'a negative rev',
    lines: ['images:', '  hero:', '    prompt: An otter', '    rev: -1'],
    code: 'MANIFEST_VALUE',
    entry: 'hero',
    at: [4, 10],
    problem: '`rev: -1` is less than 0',
  },
]

describe('a manifest with one problem reports it, positioned', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject()
  })

  it('has at least 25 distinct cases', () => {
    expect(new Set(cases.map((each) => each.title)).size).toBe(cases.length)
    expect(cases.length).toBeGreaterThanOrEqual(25)
  })

  it.each(cases.map((each, index) => [each.title, index] as const))('%s', async (_, index) => {
    const bad = cases[index] as BadCase
    const name = `case-${index}.images.yaml`
    const source = bad.lines.join('\n').replaceAll('$OUTSIDE', project.outside)
    const file = await project.write(name, `${source}\n`)
    const issues = await issuesOf(loadManifest(file, { root: project.root }))

    expect(issues.map((issue) => issue.message)).toHaveLength(1)
    const [issue] = issues
    expect(issue?.code).toBe(bad.code)
    expect(issue?.entry).toBe(bad.entry)
    expect(issue?.position).toEqual({ file: name, line: bad.at[0], column: bad.at[1] })
    expect(issue?.problem).toBe(bad.problem.replaceAll('$OUTSIDE', project.outside))
    if (bad.hint) expect(issue?.hint).toContain(bad.hint)
  })

  it('reads as file:line:column  entry  problem — hint', async () => {
    const file = await project.write(
      'reads.images.yaml',
      ['images:', '  hero:', '    prompt: An otter', '    size: 1600x900', ''].join('\n'),
    )
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    expect(issues[0]?.message).toBe(
      'reads.images.yaml:4:11  hero  `size: 1600x900` is not a size gpt-image-1 makes — use 1024x1024, 1536x1024, 1024x1536 or auto',
    )
  })

  it('names a manifest in a subfolder by its path from the root', async () => {
    const file = await project.write(join('src', 'pages', 'images.yaml'), 'images:\n  hero:\n    n: 2\n')
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    expect(issues[0]?.position).toEqual({ file: 'src/pages/images.yaml', line: 2, column: 3 })
  })
})
