import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE_KEY, runImagegen } from './cli-helpers.js'
import { reviewRepository } from './review-fixture.js'

let fake: FakeOpenAI
let cwd: string

beforeAll(async () => {
  fake = await startFakeOpenAI()
  cwd = await reviewRepository({ OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: fake.url })
}, 60_000)
afterAll(async () => {
  await fake.close()
})

describe('imagegen review', () => {
  it('prints the changes since HEAD as Markdown for a pull-request comment', async () => {
    const result = await runImagegen(['review', '--format', 'markdown'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const markdown = result.stdout
    expect(markdown).toContain('HEAD → working tree: **2 added, 1 changed, 1 removed**, 3 unchanged')
    const rows = markdown.split('\n').filter((line) => /^\| (added|changed|removed) \|/.test(line))
    const byEntry = Object.fromEntries(rows.map((row) => [row.split(' | ')[1], row]))
    expect(byEntry['`images.yaml#poster`']).toMatch(
      /^\| added \|.*\| generated \| \$0\.011 \| not committed yet \|$/,
    )
    expect(byEntry['`images.yaml#sketch`']).toMatch(/^\| added \|.*\| missing \| \$0\.011 \|/)
    expect(byEntry['`images.yaml#banner`']).toMatch(/^\| changed \|.*\| 1536x1024 \| low \| generated \|/)
    expect(byEntry['`images.yaml#card-back`']).toMatch(/^\| removed \|.*\| removed \|/)
    expect(Object.keys(byEntry)).toHaveLength(4)
    // poster 0.011 + banner 0.016 (1536x1024 low) + sketch 0.011, which is still missing but priced.
    expect(markdown).toMatch(/new images cost \*\*\$0\.038\*\*/)
  })

  it('writes a gallery with both images of a changed entry and the prompt diff', async () => {
    const out = join(cwd, 'gallery')
    const result = await runImagegen(['review', '--out', out], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const html = await readFile(join(out, 'index.html'), 'utf8')
    expect(html).toContain('<del>dawn</del>')
    expect(html).toContain('<ins>dusk, long shadows</ins>')
    const banner = html.slice(html.indexOf('images.yaml#banner</h2>'))
    const images = [...banner.slice(0, banner.indexOf('</section>')).matchAll(/<img src="([^"]+)"/g)]
    expect(images).toHaveLength(2)
    expect(images[0]?.[1]).not.toBe(images[1]?.[1])
    const files = await readdir(join(out, 'images'))
    for (const [, src] of images) expect(files).toContain(src?.replace('images/', ''))
  })

  it('compares with another copy of the project given by --base-dir', async () => {
    const result = await runImagegen(['review', '--base-dir', '.', '--format', 'markdown'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('**0 added, 0 changed, 0 removed**')
  })

  it('refuses a revision that does not exist, naming it', async () => {
    const result = await runImagegen(['review', '--base', 'no-such-branch'], { cwd })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--base `no-such-branch` is not a commit')
  })
})

describe('imagegen status --json', () => {
  it('names the commit that last changed each entry', async () => {
    const result = await runImagegen(['status', '--json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const entries = JSON.parse(result.stdout).entries as {
      entry: string
      lastChange?: { commit: string; summary: string }
    }[]
    const byName = Object.fromEntries(entries.map((entry) => [entry.entry, entry.lastChange]))
    expect(byName.hero).toMatchObject({ summary: 'Five images' })
    expect(byName.hero?.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(byName.banner?.commit).toBe('uncommitted')
    expect(byName.poster?.commit).toBe('uncommitted')
  })
})
