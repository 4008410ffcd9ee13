import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ImagegenError, ManifestError } from '@imagegen/core'
import { parseManifest } from '@imagegen/core/internal'
import { describe, expect, it } from 'vitest'
import { createProject } from './helpers/project.js'
import { seededRandom } from './helpers/seeded-random.js'

const SEED = Number(process.env.IMAGEGEN_TEST_SEED ?? 7)
const MUTATIONS = 1200

/** Real manifests: the examples' and a DESIGN-shaped one with every mode. */
async function corpus(): Promise<string[]> {
  const demo = await readFile(join(import.meta.dirname, '..', 'examples', 'demo', 'images.yaml'), 'utf8')
  const design = `defaults:
  model: gpt-image-1
  quality: medium
  output_format: webp
  transform: { format: avif, widths: [640, 1280] }

images:
  hero:
    prompt: A cute baby sea otter floating in a kelp forest, watercolor
    size: 1536x1024
    alt: An otter floating on its back among kelp
    placeholder: blur
  logo:
    prompt: Minimal flat otter logo
    background: transparent
    output_format: png
    transform: { format: png, widths: [128, 256] }
  gift-basket:
    prompt: Create a lovely gift basket with these items in it
    images: [./a.png, ./b.png]
    mask: ./mask.png
  otter-remix:
    model: dall-e-2
    variation: ./a.png
    n: 2
    rev: 1
`
  return [demo, design]
}

const SCALARS = [
  '',
  '~',
  'null',
  'true',
  '0',
  '-1',
  '3.5',
  '1e309',
  '"x"',
  "'",
  '"',
  '[',
  ']',
  '{',
  '}',
  '{}',
  '[]',
  '&a',
  '*a',
  '!!binary AA==',
  '!!str',
  '? x',
  '- y',
  ': :',
  '|',
  '>',
  '#',
  '%YAML 1.2',
  '---',
  '...',
  'dall-e-3',
  'gpt-image-2',
  '4000x4000',
  '1024x1024',
  'auto',
  'transparent',
  'x'.repeat(40_000),
  '../../etc/passwd',
  '/etc/passwd',
  '\t',
]

type Mutation = (lines: string[], random: () => number) => string[]

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)] as T

const mutations: Record<string, Mutation> = {
  'delete a line': (lines, random) =>
    lines.filter((_, index) => index !== Math.floor(random() * lines.length)),
  'duplicate a line': (lines, random) => {
    const at = Math.floor(random() * lines.length)
    return [...lines.slice(0, at + 1), lines[at] ?? '', ...lines.slice(at + 1)]
  },
  'retype a value': (lines, random) =>
    lines.map((line, index) =>
      index === Math.floor(random() * lines.length)
        ? line.replace(/:\s.*$/, `: ${pick(SCALARS, random)}`)
        : line,
    ),
  'replace a key': (lines, random) =>
    lines.map((line, index) =>
      index === Math.floor(random() * lines.length)
        ? line.replace(/^(\s*)[^:\s]+:/, `$1${pick(SCALARS, random)}:`)
        : line,
    ),
  'break indentation': (lines, random) =>
    lines.map((line, index) =>
      index === Math.floor(random() * lines.length)
        ? ' '.repeat(Math.floor(random() * 7)) + line.trimStart()
        : line,
    ),
  'insert a random scalar line': (lines, random) => {
    const at = Math.floor(random() * lines.length)
    return [...lines.slice(0, at), pick(SCALARS, random), ...lines.slice(at)]
  },
  truncate: (lines, random) => {
    const text = lines.join('\n')
    return text.slice(0, Math.floor(random() * text.length)).split('\n')
  },
  'huge value': (lines, random) =>
    lines.map((line, index) =>
      index === Math.floor(random() * lines.length) ? line.replace(/:\s.*$/, `: ${'9'.repeat(400)}`) : line,
    ),
}

describe(`${MUTATIONS} seeded mutations of real manifests (seed ${SEED})`, () => {
  it('never throw anything but a ManifestError whose every issue has a position and no stack trace', async () => {
    const project = await createProject({})
    const files = await corpus()
    const random = seededRandom(SEED)
    const names = Object.keys(mutations)
    const outcomes = { valid: 0, invalid: 0 }
    for (let index = 0; index < MUTATIONS; index++) {
      let lines = pick(files, random).split('\n')
      const applied: string[] = []
      for (let step = 0; step <= Math.floor(random() * 3); step++) {
        const name = pick(names, random)
        applied.push(name)
        lines = (mutations[name] as Mutation)(lines, random)
      }
      const source = lines.join('\n')
      const context = `mutation ${index} (seed ${SEED}: ${applied.join(', ')})`
      try {
        await parseManifest(source, { file: join(project, 'images.yaml'), root: project })
        outcomes.valid++
      } catch (error) {
        expect(error, context).toBeInstanceOf(ManifestError)
        const { issues } = error as ManifestError
        expect(issues.length, context).toBeGreaterThan(0)
        for (const issue of issues) {
          expect(issue, context).toBeInstanceOf(ImagegenError)
          expect(issue.position?.line, `${context}: ${issue.message}`).toBeGreaterThanOrEqual(1)
          expect(issue.position?.column, `${context}: ${issue.message}`).toBeGreaterThanOrEqual(1)
          expect(issue.message, context).not.toMatch(/\n\s+at /)
          expect(issue.message.length, context).toBeLessThan(2_000)
        }
        expect(issues.map((issue) => issue.code)).not.toContain('MANIFEST_INVALID')
        outcomes.invalid++
      }
    }
    // The mutations were not all harmless nor all fatal.
    expect(outcomes.invalid).toBeGreaterThan(MUTATIONS / 4)
    expect(outcomes.valid).toBeGreaterThan(10)
  }, 60_000)
})
