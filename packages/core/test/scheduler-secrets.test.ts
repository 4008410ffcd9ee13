import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import type { FaultRule } from '@imagegen/openai-fake'
import { describe, expect, it } from 'vitest'
import { createImagegen } from '../src/engine/index.js'
import { PROVIDER_NAMES, PROVIDERS } from '../src/providers/registry.js'
import {
  expectNoFileContains,
  expectWholeEntries,
  fakeEnv,
  falEnv,
  falJob,
  googleEnv,
  googleJob,
  job,
  listFiles,
  recordingLogger,
  SECRET,
  schedulerFor,
  serializeError,
  startFake,
  tinyJob,
} from './generate-helpers.js'

/** One entry per path through the provider and the scheduler, matched by the name in its prompt. */
type Path = { name: string; rule?: Omit<FaultRule, 'match'>; gpt?: boolean }

const openaiPaths: Path[] = [
  { name: 'succeeds' },
  { name: 'succeeds-after-429', rule: { times: 1, fault: { kind: 'rate-limit', retryAfterMs: 10 } } },
  { name: 'succeeds-after-reset', rule: { times: 1, fault: { kind: 'reset', afterBytes: 50 } } },
  { name: 'server-error', rule: { fault: { kind: 'status', status: 500 } } },
  { name: 'moderation', rule: { fault: { kind: 'moderation' } }, gpt: true },
  { name: 'content-policy', rule: { fault: { kind: 'moderation' } } },
  { name: 'quota', rule: { fault: { kind: 'insufficient-quota' } } },
  {
    name: 'echoes-key-401',
    rule: {
      fault: {
        kind: 'status',
        status: 401,
        message: `Incorrect API key provided: ${SECRET}.`,
        code: 'invalid_api_key',
      },
    },
  },
  {
    name: 'echoes-key-400',
    rule: {
      fault: { kind: 'status', status: 400, message: `Bad request from ${SECRET}`, param: SECRET },
    },
  },
  {
    name: 'echoes-key-html',
    rule: { fault: { kind: 'status', status: 503, body: `<html>key=${SECRET}</html>` } },
  },
  {
    name: 'echoes-key-request-id',
    rule: { fault: { kind: 'status', status: 400, headers: { 'x-request-id': `req_${SECRET}` } } },
  },
  { name: 'truncated', rule: { fault: { kind: 'truncated-body' } } },
  { name: 'html-200', rule: { fault: { kind: 'wrong-content-type', body: `<p>${SECRET}</p>` } } },
  { name: 'invalid-base64', rule: { fault: { kind: 'invalid-base64' } } },
  { name: 'hangs', rule: { fault: { kind: 'hang' } } },
  { name: 'endless', rule: { fault: { kind: 'endless-body', intervalMs: 20 } } },
  { name: 'foreign-url', rule: { fault: { kind: 'url', url: `https://elsewhere.example/${SECRET}.png` } } },
  { name: 'own-url', rule: { fault: { kind: 'url' } } },
  { name: 'oversized', rule: { fault: { kind: 'oversized-image', bytes: 2_000_000 } } },
]

/** Google's and fal's APIs: no result URLs to script and no request-id header echo; every other path, in their shapes. */
const googlePaths: Path[] = openaiPaths.filter(
  ({ name }) => !['content-policy', 'echoes-key-request-id', 'foreign-url', 'own-url'].includes(name),
)

const providers = [
  {
    provider: 'openai',
    paths: openaiPaths,
    succeeding: ['succeeds', 'succeeds-after-429', 'succeeds-after-reset', 'own-url'],
    jobFor: ({ name, gpt }: Path) =>
      gpt
        ? job(name, { prompt: `An otter [${name}]`, size: '1024x1024', quality: 'low' })
        : tinyJob(name, { prompt: `An otter [${name}]` }),
  },
  {
    provider: 'google (Gemini)',
    paths: googlePaths,
    succeeding: ['succeeds', 'succeeds-after-429', 'succeeds-after-reset'],
    jobFor: ({ name }: Path) =>
      googleJob(name, { model: 'gemini-2.5-flash-image', prompt: `An otter [${name}]` }),
  },
  {
    provider: 'fal (FLUX)',
    paths: googlePaths,
    succeeding: ['succeeds', 'succeeds-after-429', 'succeeds-after-reset'],
    jobFor: ({ name }: Path) => falJob(name, { prompt: `An otter [${name}]` }),
  },
  {
    provider: 'google (Imagen)',
    paths: googlePaths,
    succeeding: ['succeeds', 'succeeds-after-429', 'succeeds-after-reset'],
    jobFor: ({ name }: Path) => googleJob(name, { prompt: `An otter [${name}]` }),
  },
]

describe.each(providers)(
  '$provider: the API key never leaves its header',
  ({ paths, succeeding, jobFor }) => {
    it('is in no error, cause, log line or store file, on success and on every error path', async () => {
      const fake = await startFake({
        apiKey: SECRET,
        faults: paths.flatMap(({ name, rule }) =>
          rule ? [{ ...rule, match: { prompt: `[${name}]` } } as FaultRule] : [],
        ),
      })
      const settings = {
        concurrency: 8,
        maxRetries: 2,
        openai: { timeoutMs: 3000, maxResponseBytes: 1_000_000 },
      }
      const { scheduler, store, logger, dir } = await schedulerFor(fake, settings)
      const jobs = await Promise.all(paths.map(jobFor))
      // A refusal of the account (quota, a bad key) stops the run it happens in: each runs on its own,
      // so that every other path is still sent and checked.
      const accountPaths = new Set(['quota', 'echoes-key-401'])
      const accountRuns = await Promise.all(
        paths.map((path) => (accountPaths.has(path.name) ? schedulerFor(fake, settings) : undefined)),
      )
      const outcomes = await Promise.allSettled(
        jobs.map((job, index) => (accountRuns[index]?.scheduler ?? scheduler).run(job)),
      )
      const others = accountRuns.filter((run) => run !== undefined)
      for (const run of others) {
        for (const line of run.logger.lines) expect(line).not.toContain(SECRET)
        await expectNoFileContains(run.dir, SECRET)
      }

      const byName = Object.fromEntries(paths.map(({ name }, index) => [name, outcomes[index]]))
      for (const name of succeeding) expect(byName[name]?.status, name).toBe('fulfilled')
      const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))
      expect(errors).toHaveLength(paths.length - succeeding.length)
      expect(new Set(errors.map((error) => error.code))).toEqual(
        new Set([
          'PROVIDER_SERVER',
          'PROVIDER_MODERATION',
          'PROVIDER_QUOTA',
          'PROVIDER_AUTH',
          'PROVIDER_INVALID_REQUEST',
          'PROVIDER_RESPONSE',
          'PROVIDER_TIMEOUT',
        ]),
      )
      for (const error of errors) {
        const text = serializeError(error)
        expect(text, error.message).not.toContain(SECRET)
        // The chain is really walked: each error names its entry, and causes are in it where there are.
        expect(text).toContain(error.entry)
      }
      expect(errors.some((error) => error.message.includes('[redacted]'))).toBe(true)
      for (const failure of scheduler.report().failed)
        expect(serializeError(failure.error)).not.toContain(SECRET)

      expect(logger.lines.length).toBeGreaterThan(0)
      for (const line of logger.lines) expect(line).not.toContain(SECRET)

      expect((await listFiles(dir)).length).toBeGreaterThan(0)
      await expectNoFileContains(dir, SECRET)
      await expectWholeEntries(store)
    })
  },
)

describe('the API key is in no public field', () => {
  it('is not shown by JSON.stringify, util.inspect or Object.keys of the engine or any provider', async () => {
    const fake = await startFake({ apiKey: SECRET })
    const env = { ...fakeEnv(fake), ...googleEnv(fake), ...falEnv(fake) }
    const dir = await mkdtemp(join(tmpdir(), 'imagegen-secrets-'))
    await writeFile(
      join(dir, 'images.yaml'),
      [
        'images:',
        '  otter:\n    model: dall-e-2\n    prompt: An otter\n    size: 256x256',
        '  heron:\n    model: imagen-4.0-fast-generate-001\n    prompt: A heron',
        '  crane:\n    model: fal-ai/flux/schnell\n    prompt: A crane\n    image_size: square',
        '',
      ].join('\n'),
    )
    const imagegen = createImagegen({ root: dir, env, mode: 'generate' })
    const report = await imagegen.generate(await imagegen.plan((await imagegen.loadManifests())[0]!.entries))
    // Every key is really in use: the fake refuses any other, for each API.
    expect(report.generated).toBe(3)
    expect(new Set(fake.requests.map((request) => request.api))).toEqual(new Set(['openai', 'google', 'fal']))

    const values: unknown[] = [imagegen, imagegen.options]
    for (const definition of PROVIDERS) {
      const provider = (await definition.load())({}, env)
      expect(provider.name).toBe(definition.name)
      values.push(provider, (provider as { options?: unknown }).options)
      await provider.close()
    }
    expect(values.filter((value) => value !== undefined)).toHaveLength(2 + 2 * PROVIDERS.length)
    for (const value of values) {
      expect(JSON.stringify(value)).not.toContain(SECRET)
      expect(inspect(value, { depth: 10, showHidden: true })).not.toContain(SECRET)
      expect(JSON.stringify(Object.keys(value as object))).not.toMatch(/apiKey|\benv\b/)
    }
    await Promise.all([imagegen.close(), fake.close()])
  })

  it('warns once per provider when its base URL is plain http to another host, which would carry the key in clear', async () => {
    const settings: Record<string, { key: string; baseURL: string; insecure: string }> = {
      openai: { key: 'OPENAI_API_KEY', baseURL: 'OPENAI_BASE_URL', insecure: 'http://10.1.2.3/v1' },
      google: { key: 'GEMINI_API_KEY', baseURL: 'GOOGLE_GEMINI_BASE_URL', insecure: 'http://10.1.2.4' },
      fal: { key: 'FAL_KEY', baseURL: 'FAL_BASE_URL', insecure: 'http://fal.example.com' },
    }
    expect(Object.keys(settings)).toEqual(PROVIDER_NAMES)
    const safe = [
      'http://127.0.0.1:8080/v1',
      'http://localhost:1/v1',
      'http://[::1]:2',
      'https://api.example.com',
    ]
    for (const definition of PROVIDERS) {
      const { key, baseURL, insecure } = settings[definition.name]!
      const create = await definition.load()
      const logger = recordingLogger()
      for (const url of safe) await create({}, { [key]: SECRET, [baseURL]: url }, logger).close()
      // Without a key nothing secret would be sent: no warning either.
      await create({}, { [baseURL]: insecure }, logger).close()
      expect(logger.lines, definition.name).toEqual([])

      await create({}, { [key]: SECRET, [baseURL]: insecure }, logger).close()
      expect(logger.lines, definition.name).toEqual([
        expect.stringContaining(`${new URL(insecure).origin} is plain http to another host`),
      ])
      expect(logger.lines[0]).toMatch(/^warn /)
      expect(logger.lines.join('')).not.toContain(SECRET)
    }
  })
})
