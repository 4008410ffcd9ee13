import { describe, expect, it } from 'vitest'
import { loadManifest, loadManifests, ManifestError } from '../src/internal.js'
import { createProject, issuesOf } from './manifest-helpers.js'

describe('every problem at once', () => {
  it('reports all the problems of a manifest in one error, in file order', async () => {
    const project = await createProject()
    const file = await project.write(
      'images.yaml',
      [
        'defaults:', //                                   1
        '  quality: ultra', //                             2  enum
        'images:', //                                      3
        '  hero:', //                                      4
        '    prompt: An otter', //                         5
        '    size: 1600x900', //                           6  model rule
        '    promt: typo', //                              7  unknown key
        '  poster:', //                                    8
        '    model: dall-e-3', //                          9
        '    prompt: A poster', //                         10
        '    n: 2', //                                     11 model rule
        '    style: loud', //                              12 enum
        '  edit:', //                                      13 no prompt
        '    images: [./missing.png]', //                  14 input
        '    mask: 5', //                                  15 type
        '  hero-image: { prompt: a }', //                  16
        '  heroImage: { prompt: b }', //                   17 export collision
        '',
      ].join('\n'),
    )
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    expect(
      issues.map((issue) => [issue.position?.line, issue.position?.column, issue.code, issue.entry]),
    ).toEqual([
      [2, 12, 'MANIFEST_VALUE', undefined],
      [6, 11, 'MANIFEST_MODEL_RULE', 'hero'],
      [7, 5, 'MANIFEST_UNKNOWN_KEY', 'hero'],
      [11, 8, 'MANIFEST_MODEL_RULE', 'poster'],
      [12, 12, 'MANIFEST_VALUE', 'poster'],
      [13, 3, 'MANIFEST_TYPE', 'edit'],
      [14, 14, 'MANIFEST_INPUT', 'edit'],
      [15, 11, 'MANIFEST_TYPE', 'edit'],
      [17, 3, 'MANIFEST_DUPLICATE', 'heroImage'],
    ])
  })

  it('says how many problems and where in its message', async () => {
    const project = await createProject()
    const file = await project.write('images.yaml', 'images:\n  a: { n: 0 }\n')
    const error = await loadManifest(file, { root: project.root }).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ManifestError)
    expect((error as ManifestError).code).toBe('MANIFEST_INVALID')
    expect((error as ManifestError).message).toBe(
      [
        '2 problems in images.yaml:',
        '  images.yaml:2:3  a  entry `a` has no prompt — add `prompt:` describing the image (or `images:` to edit, `variation:` for variations)',
        '  images.yaml:2:11  a  `n: 0` is less than 1 — use a whole number from 1 to 10',
      ].join('\n'),
    )
  })

  it('gathers the problems of every manifest under a root into one error', async () => {
    const project = await createProject()
    await project.write('images.yaml', 'images:\n  hero: { prompt: An otter, size: big }\n')
    await project.write('blog/post.images.yaml', 'images:\n  cover: { prompt: A cover, quality: ultra }\n')
    await project.write('blog/ok.images.yaml', 'images:\n  fine: { prompt: Fine }\n')
    const issues = await issuesOf(loadManifests(project.root))
    expect(
      issues.map((issue) => `${issue.position?.file}:${issue.position?.line}:${issue.entry}`).sort(),
    ).toEqual(['blog/post.images.yaml:2:cover', 'images.yaml:2:hero'])
  })

  it('loads every manifest under a root when all are valid', async () => {
    const project = await createProject()
    await project.write('images.yaml', 'images:\n  hero: { prompt: An otter }\n')
    await project.write('blog/post.images.yaml', 'images:\n  cover: { prompt: A cover }\n')
    const manifests = await loadManifests(project.root)
    expect(manifests.map((manifest) => manifest.entries.map((entry) => entry.name))).toEqual([
      ['cover'],
      ['hero'],
    ])
  })

  it('reports a manifest that cannot be read as a positioned problem', async () => {
    const project = await createProject()
    const issues = await issuesOf(loadManifest(`${project.root}/nowhere/images.yaml`, { root: project.root }))
    expect(issues.map((issue) => [issue.code, issue.problem, issue.position])).toEqual([
      [
        'MANIFEST_INPUT',
        'the manifest cannot be read (ENOENT)',
        { file: 'nowhere/images.yaml', line: 1, column: 1 },
      ],
    ])
  })
})
