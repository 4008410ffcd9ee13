import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ImagegenError, ManifestError, parseManifest } from '../src/internal.js'
import { createProject, type Project } from './manifest-helpers.js'

const SEED_MANIFEST = `defaults:
  model: gpt-image-1
  quality: medium
  transform: { format: avif, widths: [640, 1280] }
images:
  hero:
    prompt: A cute otter
    size: 1536x1024
    placeholder: blur
  edit:
    prompt: Add a hat
    images: [./square.png, ./wide.png]
    mask: ./mask.png
  remix:
    model: dall-e-2
    variation: ./square.png
    n: 2
`

const NASTY: string[] = [
  '',
  '~',
  '[]',
  '"just text"',
  '123',
  '!!binary aGVsbG8=',
  'images: null',
  'images: { hero: null, logo: [], icon: 5, x: "y" }',
  'images:\n  123: { prompt: a }\n  true: { prompt: b }\n  ~: { prompt: c }\n  ? [a, b]\n  : { prompt: d }',
  'images:\n  __proto__: { prompt: a }\n  constructor: { prompt: b }\n  toString: { prompt: c }',
  'images: { a: { prompt: x, images: [1, null, [], {}] } }',
  'images: { a: { prompt: x, images: ["\\0"] } }',
  'images: { a: { prompt: x, images: ["https://example.com/a.png", "data:image/png;base64,AA"] } }',
  'images: { a: { prompt: x, images: ["."] } }',
  `images: { a: { prompt: "${'x'.repeat(100_000)}" } }`,
  `images: { ${'k'.repeat(10_000)}: { prompt: x } }`,
  `images: { ${'k'.repeat(10_000)}: { size: big } }`,
  `images: { ${'1'.repeat(10_000)}: { size: big } }`,
  'images: { a: { prompt: x, n: .nan, rev: .inf, output_compression: -.inf } }',
  'images: { a: { prompt: x, size: 99999x99999 } }',
  'images: { a: { model: gpt-image-2, prompt: x, size: 16x16 } }',
  'a: &a [*a]',
  'x: &x\n  - *x\nimages: {}',
  'images: &i { a: { prompt: x } }\ndefaults: *i',
  'images: { a: { transform: { widths: { 0: 1 } }, prompt: x } }',
  'defaults: { transform: null, model: null }\nimages: { a: { prompt: x } }',
  '%YAML 1.1\n---\nimages: {}',
  '--- a\n--- b',
  '\t\timages:',
  '{{{{{{{{',
  '? ? ? ?',
  'images: !!set { a, b }',
  'images: !!omap [ a: 1 ]',
  `${'- '.repeat(500)}x`,
]

/** Every way a manifest can be wrong must end as a ManifestError with positioned ImagegenErrors. */
async function expectOnlyManifestErrors(project: Project, source: string): Promise<void> {
  try {
    await parseManifest(source, { file: join(project.root, 'images.yaml'), root: project.root })
  } catch (error) {
    expect(error, JSON.stringify(source.slice(0, 200))).toBeInstanceOf(ManifestError)
    for (const issue of (error as ManifestError).issues) {
      expect(issue).toBeInstanceOf(ImagegenError)
      expect(issue.code, issue.message).not.toBe('MANIFEST_INVALID')
      expect(issue.position?.line).toBeGreaterThanOrEqual(1)
      expect(issue.position?.column).toBeGreaterThanOrEqual(1)
      expect(issue.message.length, 'a message stays short whatever the input').toBeLessThan(600)
    }
  }
}

describe('any input gives a positioned ManifestError, never another error', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject()
  })

  it.each(NASTY.map((source, index) => [index, source] as const))('nasty input %i', async (_, source) => {
    await expectOnlyManifestErrors(project, source)
  })

  it('survives 600 random mutations of a valid manifest', async () => {
    const pieces = [
      '\n',
      ' ',
      ':',
      '- ',
      '[',
      ']',
      '{',
      '}',
      '&a ',
      '*a',
      '!!binary ',
      '"',
      '#',
      '?',
      '|',
      '0',
      'null',
    ]
    let state = 20_240_601
    const random = (below: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
      return state % below
    }
    for (let round = 0; round < 600; round++) {
      let source = SEED_MANIFEST
      for (let edit = random(4); edit >= 0; edit--) {
        const at = random(source.length + 1)
        const kind = random(3)
        if (kind === 0) source = source.slice(0, at) + source.slice(at + 1 + random(12))
        else if (kind === 1) source = source.slice(0, at) + pieces[random(pieces.length)] + source.slice(at)
        else {
          const from = random(source.length)
          source = source.slice(0, at) + source.slice(from, from + random(40)) + source.slice(at)
        }
      }
      await expectOnlyManifestErrors(project, source)
    }
  }, 60_000)
})
