import { beforeAll, describe, expect, it } from 'vitest'
import { type ImagegenError, type ImagegenErrorCode, loadManifest } from '../src/internal.js'
import { createProject, issuesOf, type Project } from './manifest-helpers.js'

let project: Project
let count = 0
beforeAll(async () => {
  project = await createProject()
})

async function issues(lines: readonly string[]): Promise<readonly ImagegenError[]> {
  const file = await project.write(`m${count++}/images.yaml`, `${lines.join('\n')}\n`)
  return issuesOf(loadManifest(file, { root: project.root }))
}

describe('YAML syntax: one message per mistake, at the line to change, with the fix', () => {
  const cases: { title: string; lines: string[]; at: [number, number]; problem: string; hint: string }[] = [
    {
      title: 'a field dedented by one space',
      lines: ['images:', '  hero:', '    prompt: An otter', '   size: 1024x1024', '    quality: low'],
      at: [4, 4],
      problem: 'this line is indented by 3 spaces, which lines up with no key above it',
      hint: 'indent it by 4 (like `prompt` on line 3) or 2 (like `hero` on line 2)',
    },
    {
      title: 'an entry dedented by one space',
      lines: ['images:', '  hero:', '    prompt: An otter', ' logo:', '    prompt: A logo'],
      at: [4, 2],
      problem: 'this line is indented by 1 space, which lines up with no key above it',
      hint: 'indent it by 4 (like `prompt` on line 3) or 2 (like `hero` on line 2)',
    },
    {
      title: 'a field indented deeper than the one before it',
      lines: [
        'images:',
        '  hero:',
        '    prompt: An otter',
        '      size: 1024x1024',
        '  logo:',
        '    prompt: A',
      ],
      at: [4, 7],
      problem: 'this line is indented deeper than `prompt` on line 3, which already has a value',
      hint: 'indent it by 4 spaces, like `prompt`',
    },
    {
      title: 'a tab',
      lines: ['images:', '  hero:', '\tprompt: An otter'],
      at: [3, 1],
      problem: 'a tab in the indentation; YAML indents with spaces only',
      hint: 'replace the tab with spaces',
    },
    {
      title: 'a missing colon after a field',
      lines: ['images:', '  hero:', '    prompt An otter', '    size: 1024x1024'],
      at: [3, 5],
      problem: '`prompt An otter` has no `:`; a field is `key: value`',
      hint: 'write `prompt: An otter`',
    },
    {
      title: 'a missing colon after an entry name',
      lines: ['images:', '  hero', '    prompt: An otter'],
      at: [2, 3],
      problem: '`hero` has no `:`; a field is `key: value`',
      hint: 'write `hero:`',
    },
    {
      title: 'an unquoted colon in a prompt',
      lines: ['images:', '  hero:', '    prompt: A sign reading: open all day', '    size: 1024x1024'],
      at: [3, 27],
      problem: 'the value of `prompt` has `: ` in it, which YAML reads as the start of another key',
      hint: 'put the value in quotes: prompt: "A sign reading: open all day"',
    },
    {
      title: 'an unclosed list',
      lines: [
        'images:',
        '  hero:',
        '    prompt: An otter',
        '    images: [./square.png',
        '  logo:',
        '    prompt: A',
      ],
      at: [4, 13],
      problem: 'the list opened with `[` here is not closed',
      hint: 'end it with `]` on the same line',
    },
  ]

  it.each(cases)('$title', async ({ lines, at, problem, hint }) => {
    const found = await issues(lines)
    expect(found.map((issue) => issue.problem)).toEqual([problem])
    const [issue] = found
    expect(issue?.code).toBe('MANIFEST_YAML')
    expect([issue?.position?.line, issue?.position?.column]).toEqual(at)
    expect(issue?.hint).toContain(hint)
  })

  it('a duplicate key names both places', async () => {
    const found = await issues(['images:', '  hero:', '    prompt: An otter', '  hero:', '    prompt: B'])
    expect(found.map((issue) => [issue.code, issue.problem])).toEqual([
      ['MANIFEST_DUPLICATE', 'entry `hero` is defined twice'],
    ])
    expect(found[0]?.hint).toContain('the first is at line 2')
  })
})

/** Broken manifests that between them give every kind of manifest message. */
const BROKEN: string[][] = [
  ['images:', '  hero:', '    prompt: An otter', '    n: two'],
  ['images:', '  hero:', '    prompt: An otter', '    n: 11'],
  ['images:', '  hero:', '    prompt: An otter', '    n:'],
  ['images:', '  hero:', '    prompt: An otter', '    sise: 1024x1024'],
  ['images:', '  hero:', '    prompt: An otter', 'defualts:', '  model: dall-e-3'],
  ['images:', '  hero:', '    prompt: An otter', '    placeholder: blurr'],
  ['images:', '  hero:', '    prompt: An otter', '    quality: hgh'],
  ['images:', '  hero:', '    prompt: An otter', '    size: 1600x900'],
  ['images:', '  hero:', '    prompt: An otter', '    size: large'],
  ['images:', '  poster:', '    model: dall-e-3', '    prompt: A poster', '    size: 1536x1024'],
  ['images:', '  poster:', '    model: dall-e-3', '    prompt: A poster', '    n: 2'],
  ['images:', '  poster:', '    model: dall-e-3', '    prompt: A poster', '    quality: high'],
  ['images:', '  hero:', '    prompt: An otter', '    style: vivid'],
  ['images:', '  icon:', '    model: dall-e-2', `    prompt: ${'a'.repeat(1001)}`],
  ['images:', '  remix:', '    model: gpt-image-1', '    variation: ./square.png'],
  ['images:', '  hero:', '    prompt: An otter', '    mask: ./mask.png'],
  ['images:', '  edit:', '    prompt: Add a hat', '    images: [./square.png, ./missing.png]'],
  ['images:', '  edit:', '    prompt: Add a hat', '    images: [../outside/secret.png]'],
  ['images:', '  edit:', '    prompt: Add a hat', '    images: [./notes.txt]'],
  ['images:', '  remix:', '    model: dall-e-2', '    variation: ./wide.png'],
  ['images:', '  hero:', '    size: 1024x1024'],
  ['images:', '  hero:', '    prompt: "  "'],
  ['images:', '  hero:', '    prompt: An otter', '  hero:', '    prompt: Another otter'],
  ['images:', '  hero-image:', '    prompt: An otter', '  heroImage:', '    prompt: Another otter'],
  ['images:', '  default:', '    prompt: An otter'],
  ['images:', '  1st-place:', '    prompt: A trophy'],
  ['images:', '  hero: *base'],
  ['- hero', '- logo'],
  ['images:', '  hero:'],
  ['defaults:', '  size: 1600x900', 'images:', '  hero:', '    prompt: An otter'],
  ['images:', '  hero:', '    prompt: An otter', '    transform: { widths: 480 }'],
  ['images:', '  hero:', '    prompt: An otter', '    transform: { widths: [0, 640] }'],
  ['images:', '  hero:', '    prompt: An otter', '    transform: { widths: [64.5] }'],
  ['images:', '  hero:', '    prompt: An otter', '    transform: { format: gif }'],
  ['images:', '  hero:', '    prompt: An otter', '    rev: -1'],
  ['images:', '  hero:', '    prompt: An otter', '    output_compression: 50'],
  ['images:', '  hero:', '    prompt: An otter', '   size: auto'],
  ['images:', '  hero:', '    prompt: A sign: open'],
  ['images:', '  hero:', '\tprompt: An otter'],
]

/** Ways a message can say one thing and its opposite. */
function contradictions(issue: ImagegenError): string[] {
  const found: string[] = []
  const text = issue.message
  const sameBothSides = /should be (.+?), not (.+?)(?: —|$)/.exec(issue.problem)
  if (sameBothSides && sameBothSides[1] === sameBothSides[2]) found.push('wants what it has')
  const written = /^`[^`:]+: ([^`]+)`/.exec(issue.problem)?.[1]
  const options = /use (.+)$/.exec(issue.hint ?? '')?.[1]
  if (written && options?.split(/, | or /).includes(written)) found.push('suggests the value it refuses')
  const guess = /did you mean `?([^`?]+)`?\?/.exec(issue.hint ?? '')?.[1]
  const key = /^`([^`:]+)`/.exec(issue.problem)?.[1]
  if (guess && guess === key) found.push('suggests the key it refuses')
  if (/\b1 (entries|manifests|problems|images|files|items)\b/.test(text)) found.push('a plural after 1')
  if (/\b(?!1\b)\d+ (entry|manifest|problem|file|item)\b(?!\.)/.test(text))
    found.push('a singular after many')
  if (!issue.position || issue.position.line < 1 || issue.position.column < 1) found.push('no position')
  return found
}

describe('every manifest message', () => {
  it('is positioned, and none contradicts itself', async () => {
    const seen = new Map<ImagegenErrorCode, number>()
    const bad: string[] = []
    for (const lines of BROKEN) {
      for (const issue of await issues(lines)) {
        seen.set(issue.code, (seen.get(issue.code) ?? 0) + 1)
        for (const why of contradictions(issue)) bad.push(`${why}: ${issue.message}`)
      }
    }
    expect(bad).toEqual([])
    expect([...seen.keys()].sort()).toEqual(
      [
        'MANIFEST_DUPLICATE',
        'MANIFEST_INPUT',
        'MANIFEST_MODEL_RULE',
        'MANIFEST_TYPE',
        'MANIFEST_UNKNOWN_KEY',
        'MANIFEST_VALUE',
        'MANIFEST_YAML',
      ].sort(),
    )
  })

  it('`widths: 480` asks for a list of whole numbers', async () => {
    const [issue] = await issues([
      'images:',
      '  hero:',
      '    prompt: An otter',
      '    transform: { widths: 480 }',
    ])
    expect(issue?.problem).toBe(
      '`transform.widths: 480` should be a list of whole numbers, not a whole number',
    )
  })

  it('the contradiction check catches the old widths wording', () => {
    const old = {
      problem: '`transform.widths: 480` should be a whole number, not a whole number',
      message: '',
    }
    expect(contradictions({ ...old, position: { file: 'x', line: 1, column: 1 } } as ImagegenError)).toEqual([
      'wants what it has',
    ])
  })
})
