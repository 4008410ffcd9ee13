import { beforeAll, describe, expect, it } from 'vitest'
import { loadManifest } from '../src/internal.js'
import { createProject, issuesOf, type Project } from './manifest-helpers.js'

/** A manifest whose entries alias the prompts, sizes and alts of the entry before them. */
function aliasedManifest(groups: number): string {
  const lines = ['images:']
  for (let group = 0; group < groups; group++) {
    lines.push(
      `  a${group}: { prompt: &p${group} Otter ${group}, size: &s${group} 1536x1024, alt: &t${group} Alt ${group} }`,
      `  b${group}: { prompt: *p${group}, size: *s${group}, alt: *t${group} }`,
    )
  }
  return `${lines.join('\n')}\n`
}

describe('YAML aliases and the manifest size cap', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject()
  })

  it('refuses a manifest over the size cap with the file, the limit and the fix', async () => {
    const entry = `  hero:\n    prompt: ${'An otter floating among kelp, '.repeat(40)}\n`
    const file = await project.write('huge.images.yaml', `images:\n${entry.repeat(2000)}`)
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    expect(issues).toHaveLength(1)
    const [issue] = issues
    expect(issue?.code).toBe('MANIFEST_TOO_LARGE')
    expect(issue?.position).toEqual({ file: 'huge.images.yaml', line: 1, column: 1 })
    expect(issue?.message).toMatch(
      /^huge\.images\.yaml:1:1 {2}the manifest is 2\.\d MiB, over the limit of 2\.0 MiB \(2,097,152 bytes\) — split it into several \*\.images\.yaml files/,
    )
  })

  it('reads every alias as the value its anchor names, in one document', async () => {
    const file = await project.write('aliased.images.yaml', aliasedManifest(300))
    const manifest = await loadManifest(file, { root: project.root })
    expect(manifest.entries).toHaveLength(600)
    const copy = manifest.entries.find((entry) => entry.name === 'b299')
    expect(copy?.request).toMatchObject({ prompt: 'Otter 299', size: '1536x1024' })
    expect(copy?.alt).toBe('Alt 299')
  })

  it('points an error in an aliased value at the alias, not at its anchor', async () => {
    const source = 'images:\n  a: { prompt: x, size: &s 999x999 }\n  b: { prompt: y, size: *s }\n'
    const file = await project.write('aliased-error.images.yaml', source)
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    const positions = issues.map((issue) => [issue.entry, issue.position?.line, issue.position?.column])
    expect(positions).toEqual([
      ['a', 2, 28],
      ['b', 3, 25],
    ])
  })

  it('refuses an alias inside the value it names, at the alias', async () => {
    const file = await project.write('cyclic.images.yaml', 'images:\n  a: &a { prompt: x, more: [*a] }\n')
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    expect(issues.map((issue) => issue.message)).toEqual([
      'cyclic.images.yaml:2:29  YAML alias `*a` is inside the value it names — a value cannot contain itself; alias a value defined elsewhere',
    ])
  })

  it('refuses aliases that expand the data past a million values (an alias bomb)', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let level = 1; level < 8; level++) {
      const previous = `*l${level - 1}`.replace('*l0', '*a')
      levels.push(`l${level}: &l${level} [${Array(10).fill(previous).join(', ')}]`)
    }
    const file = await project.write('bomb.images.yaml', `${levels.join('\n')}\nimages: {}\n`)
    const issues = await issuesOf(loadManifest(file, { root: project.root }))
    expect(issues.map((issue) => issue.problem)).toEqual([
      'its aliases expand the YAML to more than 1,000,000 values',
    ])
  })
})
