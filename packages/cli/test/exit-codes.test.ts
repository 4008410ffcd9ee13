import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { copyFixture, FAKE_KEY, runImagegen } from './cli-helpers.js'

// The exit codes of README's table, each as a user's shell sees it.
const COMMANDS = [['generate'], ['check'], ['status'], ['prune']]

let fake: FakeOpenAI
let env: Record<string, string>

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: FAKE_KEY })
  env = { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: fake.url }
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  fake.reset()
})

describe('exit 2: bad manifest, configuration or flags, for every command', () => {
  it.each(COMMANDS)('%s with a manifest error', async (command) => {
    const cwd = await copyFixture('site')
    await writeFile(join(cwd, 'images.yaml'), 'images:\n  hero:\n    prompt: An otter\n    size: 1600x900\n')
    const result = await runImagegen([command], { cwd, env })
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr).toContain('images.yaml:4:11  hero  `size: 1600x900`')
    expect(result.stderr).toContain('1 problem in the manifests')
    expect(fake.requests).toHaveLength(0)
  })

  it.each(COMMANDS)('%s with a bad imagegen.config.mjs', async (command) => {
    const cwd = await copyFixture('site')
    await writeFile(join(cwd, 'imagegen.config.mjs'), 'export default {\n  concurency: 2,\n}\n')
    const result = await runImagegen([command], { cwd, env })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('imagegen.config.mjs:2:3  `concurency` is not an option')
  })

  it.each(COMMANDS)('%s with an unknown flag, echoed as typed', async (command) => {
    const cwd = await copyFixture('site')
    const result = await runImagegen([command, '--bogus-flag'], { cwd, env })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown option `--bogus-flag`')
  })

  it('an OPENAI_BASE_URL that is not a URL names the variable and sends nothing', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate'], {
      cwd,
      env: { ...env, OPENAI_BASE_URL: 'not-a-url' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('OPENAI_BASE_URL is not an http(s) URL')
    expect(result.stderr).not.toContain('retry')
    expect(result.stdout).not.toMatch(/^failed/m)
  })
})

describe('CI=true imagegen generate (frozen)', () => {
  it('exits 1 naming each missing entry at its position, and sends nothing', async () => {
    const cwd = await copyFixture('site')
    await runImagegen(['generate', '--only', 'card-*'], { cwd, env })
    fake.reset()
    const result = await runImagegen(['generate'], { cwd, env: { ...env, CI: 'true' } })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('images.yaml:7:3  hero  not in the store')
    expect(result.stderr).toContain('images.yaml:9:3  logo  not in the store')
    expect(result.stderr).toContain('images.yaml:12:3  banner  not in the store')
    expect(result.stderr).not.toContain('card-front')
    expect(result.stderr).toContain('3 entries are not in the store')
    expect(fake.requests).toHaveLength(0)
  })

  it('exits 0 when everything is stored', async () => {
    const cwd = await copyFixture('site')
    expect((await runImagegen(['generate'], { cwd, env })).code).toBe(0)
    const result = await runImagegen(['generate'], { cwd, env: { ...env, CI: 'true' } })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('imagegen generate: all 5 entries are stored; nothing to generate')
  })
})

describe('account-wide refusals exit 2 with the hint, after one request', () => {
  it('401: a key the API refuses', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate'], {
      cwd,
      env: { ...env, OPENAI_API_KEY: 'fake-key-the-api-refuses' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('the API refused the credentials (HTTP 401)')
    expect(result.stderr).toContain('check OPENAI_API_KEY')
    // Up to `concurrency` requests may be on their way before the first refusal comes back; none after.
    expect(fake.requests.length).toBeGreaterThan(0)
    expect(fake.requests.length).toBeLessThanOrEqual(4)
  })

  it('401 with --concurrency 1: exactly one request for five entries', async () => {
    const cwd = await copyFixture('site')
    const result = await runImagegen(['generate', '--concurrency', '1'], {
      cwd,
      env: { ...env, OPENAI_API_KEY: 'fake-key-the-api-refuses' },
    })
    expect(result.code).toBe(2)
    expect(fake.requests).toHaveLength(1)
    expect(result.stdout.match(/^failed {5}images\.yaml/gm)).toHaveLength(5)
  })

  it.each([
    ['insufficient_quota', { kind: 'insufficient-quota' }, 'the account is out of credit', 'add credit'],
    ['403', { kind: 'status', status: 403 }, 'HTTP 403', 'check OPENAI_API_KEY'],
  ] as const)('%s', async (_name, fault, problem, hint) => {
    const refusing = await startFakeOpenAI({ faults: [{ fault }] })
    try {
      const cwd = await copyFixture('site')
      const result = await runImagegen(['generate', '--concurrency', '1'], {
        cwd,
        env: { ...env, OPENAI_BASE_URL: refusing.url },
      })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(problem)
      expect(result.stderr).toContain(hint)
      expect(refusing.requests).toHaveLength(1)
    } finally {
      await refusing.close()
    }
  })
})

describe('messages', () => {
  it('a run of 12 entries prints no MaxListenersExceededWarning, stored or not', async () => {
    const cwd = await copyFixture('site')
    const images = Array.from({ length: 12 }, (_, index) => `  e${index}:\n    prompt: picture ${index}\n`)
    await writeFile(join(cwd, 'images.yaml'), `defaults:\n  quality: low\nimages:\n${images.join('')}`)
    const first = await runImagegen(['generate'], { cwd, env })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^generated\s+12$/m)
    const second = await runImagegen(['generate'], { cwd, env })
    expect(second.stdout).toMatch(/^from store\s+12$/m)
    for (const run of [first, second]) expect(run.stderr).not.toContain('MaxListenersExceededWarning')
  })

  it('counts in the singular when there is one', async () => {
    const cwd = await copyFixture('site')
    await writeFile(join(cwd, 'images.yaml'), 'images:\n  hero:\n    prompt: An otter\n    quality: low\n')
    const dry = await runImagegen(['generate', '--dry-run'], { cwd, env })
    expect(dry.stdout).toContain('would generate 1 of 1 entry,')
    await runImagegen(['generate'], { cwd, env })
    const checked = await runImagegen(['check'], { cwd })
    expect(checked.stdout).toContain('imagegen check: the 1 entry in 1 manifest is stored')
  })
})
