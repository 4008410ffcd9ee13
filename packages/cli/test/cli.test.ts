import { copyFile, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PROVIDERS } from '@imagegen/core/internal'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { copyFixture, FAKE_KEY, listFiles, runImagegen } from './cli-helpers.js'

let fake: FakeOpenAI
let env: Record<string, string>

beforeAll(async () => {
  fake = await startFakeOpenAI()
  env = { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: fake.url }
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  fake.reset()
})

describe('imagegen generate, then check', () => {
  it('generates every missing entry once and check then passes', async () => {
    const cwd = await copyFixture('site')
    const generated = await runImagegen(['generate'], { cwd, env })
    expect(generated.code, generated.stderr).toBe(0)
    expect(generated.stdout.match(/^generated {2}images\.yaml:\d+:3 {2}\S+$/gm)).toHaveLength(5)
    expect(generated.stdout).toMatch(/^generated\s+5$/m)
    expect(fake.requests).toHaveLength(5)

    const checked = await runImagegen(['check'], { cwd })
    expect(checked.code).toBe(0)
    expect(checked.stdout).toContain('all 5 entries in 1 manifest are stored')

    const again = await runImagegen(['generate'], { cwd, env })
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^from store\s+5$/m)
    expect(fake.requests).toHaveLength(5)
  })
})

describe('imagegen check', () => {
  it('names each missing entry with its position and the fix, and exits 1', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate', '--only', 'card-*'], { cwd, env })
    const checked = await runImagegen(['check'], { cwd, env: { CI: 'true' } })
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain('images.yaml:7:3  hero  not in the store')
    expect(checked.stderr).toContain('images.yaml:9:3  logo  not in the store')
    expect(checked.stderr).toContain('images.yaml:12:3  banner  not in the store')
    expect(checked.stderr).not.toContain('card-front')
    expect(checked.stderr).toContain('imagegen generate')
  })

  it('exits 2 with the position of a manifest error', async () => {
    const cwd = await copyFixture('site')
    const manifest = join(cwd, 'images.yaml')
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('size: 1536x1024', 'size: 1600x900'))
    const checked = await runImagegen(['check'], { cwd })
    expect(checked.code).toBe(2)
    expect(checked.stderr).toMatch(
      /images\.yaml:14:11 {2}banner {2}`size: 1600x900` is not a size gpt-image-1 makes/,
    )
  })
})

describe('imagegen generate', () => {
  it('--dry-run lists what would be generated with its cost and sends nothing', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate', '--dry-run'], { cwd, env })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/images\.yaml:12:3\s+banner\s+gpt-image-1\s+\$0\.016/)
    expect(result.stdout).toContain('would generate 5 of 5 entries, est. $0.060; nothing was sent')
    expect(fake.requests).toHaveLength(0)
    expect(await listFiles(join(cwd, '.imagegen'))).toEqual([])
  })

  it('prices a model it has no table for as unknown, never $0, and --max-cost spends on it only when told to', async () => {
    const cwd = await copyFixture('site')
    const manifest = join(cwd, 'images.yaml')
    const source = await readFile(manifest, 'utf8')
    await writeFile(
      manifest,
      source.replace(
        '    prompt: A rocky coastline at dawn',
        '    model: my-local-model\n    prompt: A rocky coastline at dawn',
      ),
    )
    const dry = await runImagegen(['generate', '--dry-run'], { cwd, env })
    expect(dry.stdout).toMatch(/images\.yaml:12:3\s+banner\s+my-local-model\s+unknown/)
    expect(dry.stdout).toContain('est. $0.044 + 1 of unknown price; nothing was sent')

    const capped = await runImagegen(['generate', '--only', 'banner', '--max-cost', '5'], { cwd, env })
    expect(capped.code).toBe(1)
    expect(fake.requests).toHaveLength(0)
    expect(capped.stdout).toMatch(
      /^skipped {4}images\.yaml:12:3 {2}banner {2}not generated: its price is unknown/m,
    )

    const told = await runImagegen(['generate', '--only', 'banner', '--max-cost', '5', '--allow-unpriced'], {
      cwd,
      env,
    })
    expect(fake.requests).toHaveLength(1)
    expect(told.stdout).not.toMatch(/^skipped {4}/m)
  })

  it('closes with the estimated cost and the cost the answers’ usage comes to', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate'], { cwd, env })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^estimated cost\s+\$0\.060$/m)
    expect(result.stdout).toMatch(/^actual cost \(usage\)\s+\$0\.060$/m)
  })

  it('--max-new 2 over 5 missing generates exactly 2 and says why it stopped', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate', '--max-new', '2', '--concurrency', '1'], { cwd, env })
    expect(result.code).toBe(1)
    expect(fake.requests).toHaveLength(2)
    expect(result.stdout).toMatch(/^generated\s+2$/m)
    expect(result.stdout.match(/reached its limit of 2 new images/g)).toHaveLength(3)
    // Refused by the budget before anything was sent: skipped, not failed.
    expect(result.stdout.match(/^skipped {4}images\.yaml:\d+:3 {2}\S+ {2}not generated/gm)).toHaveLength(3)
    expect(result.stdout).toMatch(/^failed\s+0$/m)
    expect(result.stdout).toMatch(/^skipped \(budget\)\s+3$/m)
    expect(result.stderr).toContain('stopped at the budget; 3 entries were not generated')
    expect((await listFiles(join(cwd, '.imagegen', 'recipes'))).length).toBe(2)
  })

  it.each([
    ['--timeout', ['--timeout', '0.4'], {}],
    ['IMAGEGEN_TIMEOUT', [], { IMAGEGEN_TIMEOUT: '0.4' }],
  ] as const)('%s bounds each attempt; a timed-out attempt is retried once', async (_, flags, extra) => {
    const cwd = await copyFixture('site')
    fake.script([{ fault: { kind: 'hang' } }])
    const result = await runImagegen(['generate', '--only', 'hero', ...flags], {
      cwd,
      env: { ...env, ...extra },
    })
    expect(result.code).toBe(1)
    expect(fake.requests).toHaveLength(2)
    expect(result.stdout).toMatch(
      /^failed {5}images\.yaml:7:3 {2}hero {2}the API did not answer within 400 ms; gave up after 2 attempts: an attempt that may have been billed is retried once only$/m,
    )
  })

  it('--force generates a stored entry anew and leaves the others', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate'], { cwd, env })
    const result = await runImagegen(['generate', '--force', 'logo'], { cwd, env })
    expect(result.code).toBe(0)
    expect(fake.requests).toHaveLength(6)
    expect(fake.requests.at(-1)?.body).toMatchObject({ prompt: 'Minimal flat otter logo' })
    expect(result.stdout).toMatch(/^generated {2}images\.yaml:9:3 {2}logo$/m)
  })

  it('names an --only pattern that matches nothing', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate', '--only', 'heroo'], { cwd, env })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no entry is named `heroo`')
  })

  it('stops cleanly on SIGINT: finished images kept, no partial file, a summary, exit 130', async () => {
    const cwd = await copyFixture('site')
    fake.script([{ match: { nth: (n: number) => n > 2 }, delayMs: 5_000 }])
    const result = await runImagegen(['generate', '--concurrency', '1'], {
      cwd,
      env,
      onSpawn(child) {
        const poll = setInterval(() => {
          if (fake.requests.length >= 3) {
            clearInterval(poll)
            child.kill('SIGINT')
          }
        }, 20)
      },
    })
    expect(result.code).toBe(130)
    expect(result.stderr).toContain('interrupted; finished images are kept')
    expect(result.stdout).toMatch(/^generated\s+2$/m)
    const files = await listFiles(join(cwd, '.imagegen'))
    expect(files.filter((file) => file.startsWith('recipes/'))).toHaveLength(2)
    expect(files.filter((file) => file.startsWith('blobs/'))).toHaveLength(2)
    expect(files.filter((file) => file.includes('.tmp-') || file.startsWith('locks/'))).toEqual([])
    const checked = await runImagegen(['check'], { cwd })
    expect(checked.stderr.match(/not in the store/g)).toHaveLength(3)
  })
})

describe('imagegen status', () => {
  it('--json parses and matches the store', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate', '--only', 'hero', '--only', 'banner'], { cwd, env })
    const result = await runImagegen(['status', '--json'], { cwd })
    expect(result.code).toBe(0)
    const status = JSON.parse(result.stdout) as { entries: { entry: string; key: string; state: string }[] }
    const stored = (await listFiles(join(cwd, '.imagegen', 'recipes'))).map((file) =>
      file.replace('.json', ''),
    )
    expect(status.entries.map((entry) => entry.entry)).toEqual([
      'hero',
      'logo',
      'banner',
      'card-front',
      'card-back',
    ])
    expect(
      status.entries
        .filter((entry) => entry.state === 'stored')
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(stored.sort())
    expect(status.entries.find((entry) => entry.entry === 'logo')?.state).toBe('missing')
  })

  it('prints a table per manifest (alias ls)', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['ls'], { cwd })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^ {2}banner\s+generations\s+gpt-image-1\s+1536x1024\s+low\s+missing\s+\$0\.016$/m,
    )
  })
})

describe('a provider that answers another format than asked', () => {
  it('is stored as it came, warned at generation, and shown by status and check', async () => {
    const cwd = await copyFixture('site')
    const manifest = join(cwd, 'images.yaml')
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace('size: 1024x1024', 'size: 1024x1024\n  output_format: webp'),
    )
    fake.script([{ match: { nth: 1 }, fault: { kind: 'wrong-format', format: 'png' } }])
    const generated = await runImagegen(['generate', '--only', 'hero'], { cwd, env })
    expect(generated.code, generated.stderr).toBe(0)
    expect(generated.stderr).toContain('hero: asked for webp, the provider answered png; stored as png')
    expect((await listFiles(join(cwd, '.imagegen', 'blobs')))[0]).toMatch(/\.png$/)

    const status = await runImagegen(['status'], { cwd })
    expect(status.stdout).toMatch(/^ {2}hero\s.*stored as png, asked webp/m)
    const json = JSON.parse((await runImagegen(['status', '--json'], { cwd })).stdout)
    expect(json.entries[0]).toMatchObject({
      state: 'stored',
      formatMismatch: { requested: 'webp', stored: 'png' },
    })
    const checked = await runImagegen(['check'], { cwd })
    expect(checked.stderr).toContain(
      'images.yaml:8:3  hero  stored as png: the provider answered png when webp was asked',
    )
  })
})

describe('a record renamed to another entry (in a pull request, say)', () => {
  it('is damaged: never served, and reported by check', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate', '--only', 'hero', '--only', 'logo'], { cwd, env })
    const { entries } = JSON.parse((await runImagegen(['status', '--json'], { cwd })).stdout) as {
      entries: { entry: string; key: string }[]
    }
    const key = (name: string) => entries.find((entry) => entry.entry === name)!.key
    // hero's record (and image) put under banner's key, its key field edited to match the file name.
    const recipes = join(cwd, '.imagegen', 'recipes')
    const hero = await readFile(join(recipes, `${key('hero')}.json`), 'utf8')
    await writeFile(join(recipes, `${key('banner')}.json`), hero.replace(key('hero'), key('banner')))
    await copyFile(join(recipes, `${key('hero')}.json`), join(recipes, `${key('logo')}.json`))

    const checked = await runImagegen(['check'], { cwd })
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain('images.yaml:12:3  banner  in the store but its image is damaged')
    expect(checked.stderr).toContain(`holds a recipe whose key is ${key('hero')}, not ${key('banner')}`)
    expect(checked.stderr).toContain('images.yaml:9:3  logo  in the store but its image is damaged')
    expect(checked.stderr).not.toMatch(/hero {2}in the store/)
  })
})

describe('imagegen prune', () => {
  it('removes only what no manifest references', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate'], { cwd, env })
    const manifest = join(cwd, 'images.yaml')
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace('The back of a greeting card, plain', 'A new back'),
    )
    const before = await listFiles(join(cwd, '.imagegen'))

    const dry = await runImagegen(['prune', '--dry-run', '--grace', '0'], { cwd })
    expect(dry.stdout).toMatch(/would remove 1 recipe and 1 blob \(\d/)
    expect(await listFiles(join(cwd, '.imagegen'))).toEqual(before)

    // What was written moments ago is kept by default: it may be a build's of a newer manifest.
    const young = await runImagegen(['prune'], { cwd })
    expect(young.stdout).toMatch(/removed 0 recipes and 0 blobs/)
    expect(young.stdout).toContain('kept 1 unreferenced file younger than 600 s (--grace 0 removes them)')
    expect(await listFiles(join(cwd, '.imagegen'))).toEqual(before)

    const pruned = await runImagegen(['prune', '--grace', '0'], { cwd })
    expect(pruned.code).toBe(0)
    expect(pruned.stdout).toMatch(/removed 1 recipe and 1 blob/)
    const after = await listFiles(join(cwd, '.imagegen'))
    expect(after).toHaveLength(before.length - 2)
    const checked = await runImagegen(['check'], { cwd })
    expect(checked.stderr).toContain('card-back  not in the store')
    expect(checked.stderr.match(/not in the store/g)).toHaveLength(1)
  }, 60_000)

  it('removes the temporary files killed writers left, and keeps none in the store', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate', '--only', 'hero'], { cwd, env })
    const tempDir = join(cwd, 'node_modules', '.cache', 'imagegen', 'store', 'tmp')
    const leftover = join(tempDir, '.tmp-999-abc-dead.png')
    await writeFile(leftover, 'half an image')
    const old = new Date(Date.now() - 3_600_000)
    await utimes(leftover, old, old)
    const pruned = await runImagegen(['prune'], { cwd })
    expect(pruned.stdout).toContain('removed 1 temporary file')
    expect(await listFiles(tempDir)).toEqual([])
    const store = await listFiles(join(cwd, '.imagegen'))
    expect(store.every((file) => /^(recipes|blobs)\/[0-9a-f]{64}\.\w+$/.test(file))).toBe(true)
  })

  it('removes nothing while a manifest has errors', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate'], { cwd, env })
    const before = await listFiles(join(cwd, '.imagegen'))
    await writeFile(join(cwd, 'images.yaml'), 'images:\n  hero: [oops\n')
    const pruned = await runImagegen(['prune'], { cwd })
    expect(pruned.code).toBe(2)
    expect(pruned.stderr).toMatch(/images\.yaml:\d+:\d+/)
    expect(await listFiles(join(cwd, '.imagegen'))).toEqual(before)
  })
})

describe('everywhere', () => {
  it('--help and --version exit 0', async () => {
    const cwd = await copyFixture('site')
    const help = await runImagegen(['--help'], { cwd })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Exit codes:')
    // Every variable the engine or the CLI reads, and every provider's key variables, is named there.
    const read = new Set(PROVIDERS.flatMap((provider) => provider.keyVariables))
    for (const dir of ['../../core/src', '../src']) {
      const root = join(import.meta.dirname, dir)
      for (const file of await listFiles(root)) {
        const source = await readFile(join(root, file), 'utf8')
        for (const [, name] of source.matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) read.add(name as string)
      }
    }
    expect(read.size).toBeGreaterThan(15)
    for (const name of read) expect(help.stdout, name).toMatch(new RegExp(`\\b${name}\\b`))
    const version = await runImagegen(['--version'], { cwd })
    expect(version.stdout).toMatch(/\d+\.\d+\.\d+/)
  })

  it('an unknown command exits 2', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generat'], { cwd })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown command `generat`')
  })

  it('never prints the API key', async () => {
    const cwd = await copyFixture('site')
    fake.script([{ match: { nth: 1 }, fault: { kind: 'insufficient-quota' } }])
    const results = [
      await runImagegen(['generate'], { cwd, env }),
      await runImagegen(['status', '--json'], { cwd, env }),
      await runImagegen(['check'], { cwd, env }),
    ]
    for (const result of results) expect(result.stdout + result.stderr).not.toContain(FAKE_KEY)
    for (const file of await listFiles(join(cwd, '.imagegen'))) {
      expect(await readFile(join(cwd, '.imagegen', file), 'latin1')).not.toContain(FAKE_KEY)
    }
  })
})

describe('imagegen.config.*', () => {
  it('is read from the root, and flags override it', async () => {
    const cwd = await copyFixture('site')
    await writeFile(join(cwd, 'imagegen.config.mjs'), 'export default { maxNewImages: 1, concurrency: 1 }\n')
    const limited = await runImagegen(['generate'], { cwd, env })
    expect(limited.code).toBe(1)
    expect(fake.requests).toHaveLength(1)
    expect(limited.stdout).toContain('reached its limit of 1 new images')

    const overridden = await runImagegen(['generate', '--max-new', '3'], { cwd, env })
    expect(overridden.stdout).toMatch(/^generated\s+3$/m)
    expect(fake.requests).toHaveLength(4)
  })

  it('a bad setting is a clear error naming the file', async () => {
    const cwd = await copyFixture('site')
    await writeFile(join(cwd, 'imagegen.config.mjs'), 'export default { concurency: 2 }\n')
    const result = await runImagegen(['status'], { cwd })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/imagegen\.config\.mjs/)
    expect(result.stderr).toMatch(/concurrency/)
  })
})
