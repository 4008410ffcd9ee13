import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type FaultProxy, remoteProblems, startFaultProxy } from './helpers/fault-proxy.js'
import { createProject, manyEntries, SMALL_DALL_E } from './helpers/project.js'
import { type Nginx, remoteFiles, startNginx } from './helpers/remote-servers.mjs'
import { runImagegen } from './helpers/run-cli.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

/**
 * A remote that fails — killed mid-run, answering 500, hanging, serving a damaged blob — costs a run
 * its sharing, never its result: every image still ends up right in the local store, nothing corrupt
 * enters either store, and the run says so once.
 */
const ENTRIES = 3
const KEY_ENV = { OPENAI_API_KEY: 'fake-key-remote-faults' }

let fake: FakeOpenAI
let nginx: Nginx
let proxy: FaultProxy
beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: 100 })
  nginx = await startNginx()
})
afterAll(async () => {
  await nginx?.stop()
  await fake?.close()
})
afterEach(async () => {
  await proxy?.close()
})

function manifest(prefix: string, count = ENTRIES): string {
  return manyEntries(count, prefix, SMALL_DALL_E)
}

async function runner(prefix: string, remoteUrl: string, remote = '', env: Record<string, string> = {}) {
  const root = await createProject({
    'images.yaml': manifest(prefix),
    'imagegen.config.mjs': `export default { remote: { settleMs: 200, pollMs: 200, ${remote} } }\n`,
  })
  const run = (args: string[], extra: Record<string, string> = {}) =>
    runImagegen(args, {
      cwd: root,
      env: { ...KEY_ENV, OPENAI_BASE_URL: fake.url, IMAGEGEN_REMOTE: remoteUrl, ...env, ...extra },
    })
  return { root, run }
}

async function expectAllLocal(root: string) {
  expect(await storedKeys(join(root, '.imagegen'))).toHaveLength(ENTRIES)
  expect(await storeProblems(join(root, '.imagegen'))).toEqual([])
}

function count(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('a remote that fails', () => {
  it.each([
    ['answering 500', 'error-500' as const, ''],
    ['hanging', 'hang' as const, 'timeoutMs: 1500'],
  ])(
    '%s: the run generates locally with one warning',
    async (_what, mode, remote) => {
      proxy = await startFaultProxy(nginx.url)
      proxy.mode = mode
      const { root, run } = await runner(`A ${mode} remote, study`, proxy.url, remote)
      const result = await run(['generate'])
      expect(result.code, result.stderr).toBe(0)
      expect(count(result.stderr, 'is unavailable')).toBe(1)
      if (mode === 'hang') expect(result.stderr).toContain('no answer within 1500 ms')
      await expectAllLocal(root)
    },
    60_000,
  )

  it('required: a remote answering 500 fails the run instead', async () => {
    proxy = await startFaultProxy(nginx.url)
    proxy.mode = 'error-500'
    const { root, run } = await runner('A required remote, study', proxy.url, 'required: true')
    const result = await run(['generate'])
    expect(result.code).toBe(1)
    // Each entry's failure is a line of the run's report (stdout).
    const output = `${result.stdout}${result.stderr}`
    expect(output).toContain('answered 500')
    expect(output).toMatch(/the remote http:\/\/127\.0\.0\.1:\d+\/cache\/ failed/)
    expect(output).toMatch(/^failed\s+3$/m)
    expect(await storeProblems(join(root, '.imagegen'))).toEqual([])
  }, 60_000)

  it.each(['truncate-blobs', 'wrong-blobs'] as const)(
    '%s: the damaged download is refused, the image generated again, neither store corrupt',
    async (mode) => {
      proxy = await startFaultProxy(nginx.url)
      const prefix = `A remote serving ${mode}, study`
      const writer = await runner(prefix, proxy.url)
      expect((await writer.run(['generate'])).code).toBe(0)
      const before = await remoteProblems(nginx.dataDir)
      expect(before.problems).toEqual([])

      proxy.mode = mode
      fake.requests.length = 0
      const reader = await runner(prefix, proxy.url)
      const result = await reader.run(['generate'])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toContain('is refused and treated as missing')
      expect(result.stderr).toMatch(/cas\/[0-9a-f]{64} (has \d+ bytes, not \d+|does not hash to its name)/)
      expect(fake.requests).toHaveLength(ENTRIES)
      await expectAllLocal(reader.root)
      expect((await remoteProblems(nginx.dataDir)).problems).toEqual([])
    },
    60_000,
  )

  it('killed mid-run: the runner finishes locally with one warning; what reached the remote is whole', async () => {
    const own = await startNginx()
    const slow = await startFakeOpenAI({ latencyMs: 1500 })
    try {
      const root = await createProject({
        'images.yaml': manifest('A remote killed mid-run, study', 6),
        'imagegen.config.mjs': 'export default { remote: { settleMs: 200, timeoutMs: 3000 } }\n',
      })
      const running = runImagegen(['generate', '--concurrency', '2'], {
        cwd: root,
        env: { ...KEY_ENV, OPENAI_BASE_URL: slow.url, IMAGEGEN_REMOTE: own.url },
      })
      // Killed once the first record is there: some entries written back, some leased, some not begun.
      for (let tries = 0; tries < 600 && (await remoteFiles(own.dataDir, '/ac/')).length === 0; tries++)
        await new Promise((resolve) => setTimeout(resolve, 50))
      own.kill()
      const result = await running
      expect(result.code, result.stderr).toBe(0)
      expect(count(result.stderr, 'is unavailable')).toBe(1)
      expect(await storedKeys(join(root, '.imagegen'))).toHaveLength(6)
      expect(await storeProblems(join(root, '.imagegen'))).toEqual([])
      const remote = await remoteProblems(own.dataDir)
      expect(remote.records).toBeGreaterThan(0)
      expect(remote.problems).toEqual([])
    } finally {
      await own.stop()
      await slow.close()
    }
  }, 90_000)
})
