import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE_KEY, listFiles, runImagegen } from './cli-helpers.js'

const GOOGLE_KEY = 'fake-gemini-key-imagegen-cli-SECRET-77aa01'
const FAL_KEY = 'fake-fal-key-imagegen-cli-SECRET-3c3c99'

const MIXED = `defaults:
  style_prompt: flat pastel illustration
images:
  hero:
    prompt: An otter
    quality: low
    size: 1024x1024
  banner:
    model: gemini-2.5-flash-image
    prompt: An otter banner
    aspectRatio: "16:9"
  poster:
    model: gemini-3-pro-image-preview
    prompt: An otter poster
    imageSize: 4K
  photos:
    model: imagen-4.0-generate-001
    prompt: Otter photos [broken]
    n: 3
  flux:
    model: fal-ai/flux/dev
    prompt: An otter in FLUX [flaky]
    image_size: landscape_16_9
    n: 2
`

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI({
    faults: [
      {
        match: { prompt: '[broken]' },
        fault: { kind: 'status', status: 400, message: `bad key ${GOOGLE_KEY}` },
      },
      {
        match: { prompt: '[flaky]' },
        times: 1,
        fault: { kind: 'status', status: 503, message: `overloaded, key ${FAL_KEY}` },
      },
    ],
  })
})
afterAll(async () => {
  await fake.close()
})

async function mixedProject(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'imagegen-cli-mixed-'))
  await writeFile(join(cwd, 'images.yaml'), MIXED)
  return cwd
}

describe('a manifest mixing providers', () => {
  it('generate --dry-run prices every provider’s entries and sends nothing', async () => {
    const cwd = await mixedProject()
    const result = await runImagegen(['generate', '--dry-run'], { cwd, env: { OPENAI_API_KEY: FAKE_KEY } })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/images\.yaml:4:3\s+hero\s+gpt-image-1\s+\$0\.011/)
    expect(result.stdout).toMatch(/images\.yaml:8:3\s+banner\s+gemini-2\.5-flash-image\s+\$0\.039/)
    expect(result.stdout).toMatch(/images\.yaml:12:3\s+poster\s+gemini-3-pro-image-preview\s+\$0\.240/)
    expect(result.stdout).toMatch(/images\.yaml:16:3\s+photos\s+imagen-4\.0-generate-001\s+\$0\.120/)
    expect(result.stdout).toMatch(/images\.yaml:20:3\s+flux\s+fal-ai\/flux\/dev\s+\$0\.050/)
    expect(result.stdout).toContain('would generate 5 of 5 entries, est. $0.460; nothing was sent')
    // Google's figures were not read on Google's page: the dry run says so, naming only those models.
    expect(result.stdout).toContain(
      "unverified prices (not read on the provider's own page): gemini-2.5-flash-image, gemini-3-pro-image-preview, imagen-4.0-generate-001",
    )
    expect(fake.requests).toHaveLength(0)
  })

  it('generate sends each entry to its API; no key reaches the output or the store, even when echoed', async () => {
    const cwd = await mixedProject()
    const env = {
      OPENAI_API_KEY: FAKE_KEY,
      OPENAI_BASE_URL: fake.url,
      GEMINI_API_KEY: GOOGLE_KEY,
      GOOGLE_GEMINI_BASE_URL: fake.origin,
      FAL_KEY,
      FAL_BASE_URL: `${fake.origin}/fal`,
    }
    const result = await runImagegen(['generate'], { cwd, env })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^generated\s+4$/m)
    expect(result.stdout).toMatch(/^failed\s+1$/m)
    expect(`${result.stdout}${result.stderr}`).toContain('[redacted]')
    for (const key of [FAKE_KEY, GOOGLE_KEY, FAL_KEY]) {
      expect(result.stdout).not.toContain(key)
      expect(result.stderr).not.toContain(key)
      for (const file of await listFiles(join(cwd, '.imagegen')))
        expect(await readFile(join(cwd, '.imagegen', file), 'utf8'), file).not.toContain(key)
    }
    expect(new Set(fake.requests.map((request) => request.api))).toEqual(new Set(['openai', 'google', 'fal']))
    // fal's first answer echoed its key in a 503; the retry was stored.
    const fal = fake.requests.filter((request) => request.api === 'fal')
    expect(fal.map((request) => request.status)).toEqual([503, 200])
  })
})

describe('Google’s key by either of its names', () => {
  const GOOGLE_API_KEY = 'fake-google-api-key-SECRET-1a2b3c'
  const GEMINI_API_KEY = 'fake-gemini-api-key-SECRET-4d5e6f'
  const ONE_GOOGLE_ENTRY =
    'images:\n  banner:\n    model: imagen-4.0-fast-generate-001\n    prompt: An otter\n'

  /** `imagegen generate` of one Imagen entry against a fake that takes only `acceptedKey`. */
  async function generateWith(acceptedKey: string, keys: Record<string, string>) {
    const strict = await startFakeOpenAI({ apiKey: acceptedKey })
    try {
      const cwd = await mkdtemp(join(tmpdir(), 'imagegen-cli-google-key-'))
      await writeFile(join(cwd, 'images.yaml'), ONE_GOOGLE_ENTRY)
      const env = { ...keys, GOOGLE_GEMINI_BASE_URL: strict.origin }
      const result = await runImagegen(['generate'], { cwd, env })
      for (const key of [GOOGLE_API_KEY, GEMINI_API_KEY])
        expect(result.stdout + result.stderr).not.toContain(key)
      return { result, requests: strict.requests.length }
    } finally {
      await strict.close()
    }
  }

  it('generates with GOOGLE_API_KEY alone', async () => {
    const { result, requests } = await generateWith(GOOGLE_API_KEY, { GOOGLE_API_KEY })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^generated\s+1$/m)
    expect(requests).toBe(1)
  })

  it('sends GOOGLE_API_KEY when both are set, as Google’s own clients do, and names it when refused', async () => {
    const both = { GOOGLE_API_KEY, GEMINI_API_KEY }
    const taken = await generateWith(GOOGLE_API_KEY, both)
    expect(taken.result.code, taken.result.stderr).toBe(0)
    const refused = await generateWith(GEMINI_API_KEY, both)
    expect(refused.result.code).toBe(2)
    expect(refused.result.stderr).toContain('check GOOGLE_API_KEY')
    expect(refused.requests).toBe(1)
  })
})
