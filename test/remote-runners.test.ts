import type { ChildProcess } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy } from './helpers/fault-proxy.js'
import { createProject, manyEntries, SMALL_DALL_E } from './helpers/project.js'
import { type RunningRemote, remoteFiles, startNginx, startS3rver } from './helpers/remote-servers.mjs'
import { type CliResult, runImagegen } from './helpers/run-cli.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

/**
 * Eight CI runners, each with its own empty local store, share one remote: together they pay for each
 * missing image once. nginx and s3rver ignore `If-None-Match`, so on them the lease settles (write,
 * pause, read back); behind a proxy that honours it, as S3 and R2 do, the lease is a create-once.
 */
const RUNNERS = 8
const ENTRIES = 32
const SERVERS = {
  'nginx WebDAV': () => startNginx(),
  s3rver: () => startS3rver(),
  'nginx behind a proxy honouring If-None-Match': async (): Promise<RunningRemote> => {
    const nginx = await startNginx()
    const proxy = await startFaultProxy(nginx.url)
    proxy.mode = 'conditional'
    const stop = async () => {
      await proxy.close()
      await nginx.stop()
    }
    return { ...nginx, url: proxy.url, stop }
  },
} as const
const PREFIX = {
  together: 'An otter, all runners together, study',
  killed: 'An otter, one runner killed, study',
}

/** DALL·E 2 at 256x256: the fake draws them fast, so the run measures the runners, not the drawing. */
function smallEntries(prefix: string): string {
  return manyEntries(ENTRIES, prefix, SMALL_DALL_E)
}

/**
 * Generous timeouts and pauses: on a loaded test machine a request can take seconds, a timeout would
 * degrade to local, and without conditional writes the pause must outlast a competitor's read and write.
 */
const SETTLE_MS = 3_000
const PATIENT = `timeoutMs: 60_000, settleMs: ${SETTLE_MS}`
/** The killed runner's case: short leases, so that an abandoned one expires quickly. */
const LEASE_MS = 3_000
const POLL_MS = 300
/**
 * A bound, not a timing: waiting for a free claim slot, generating the image (the fake takes under a
 * second) and writing it back, on a loaded machine. The whole bound is far below the default lease (60 s).
 */
const GENERATION_ALLOWANCE_MS = 8_000

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: [400, 800] })
})
afterAll(async () => {
  await fake.close()
})

async function runners(
  remote: RunningRemote,
  prefix: string,
  config: string,
  onSpawn?: (index: number, child: ChildProcess) => void,
) {
  const env = {
    OPENAI_API_KEY: 'fake-key-runners-test',
    OPENAI_BASE_URL: fake.url,
    IMAGEGEN_REMOTE: remote.url,
    ...remote.env,
  }
  const roots = await Promise.all(
    Array.from({ length: RUNNERS }, () =>
      createProject({ 'images.yaml': smallEntries(prefix), 'imagegen.config.mjs': config }),
    ),
  )
  const results = await Promise.all(
    roots.map((cwd, index) =>
      runImagegen(['generate', '--concurrency', '4'], {
        cwd,
        env,
        ...(onSpawn ? { onSpawn: (child: ChildProcess) => onSpawn(index, child) } : {}),
      }),
    ),
  )
  return { roots, results }
}

/** The keys of lease files (`leases/<key>.<link>`, on s3rver with its suffix). */
function leasedKeys(leaseFiles: string[]): string[] {
  return [...new Set(leaseFiles.map((file) => /leases\/([0-9a-f]{64})\./.exec(file)?.[1] ?? file))]
}

/** When the last of these keys' records landed on the remote (its file's mtime, epoch ms). */
async function lastRecordLanded(dataDir: string, keys: string[]): Promise<number> {
  let last = 0
  for (const key of keys) {
    const [file] = await remoteFiles(dataDir, `/ac/${key}`)
    expect(file, `no record for ${key}`).toBeDefined()
    last = Math.max(last, (await stat(file as string)).mtimeMs)
  }
  return last
}

function prompts(): string[] {
  return fake.requests.map((request) => String((request.body as { prompt?: string }).prompt))
}

/** What the runners said about the remote: the first thing to read when they did not share it. */
function remoteWarnings(results: CliResult[]): string {
  const lines = results.flatMap((result) => result.stderr.split('\n'))
  return [...new Set(lines.filter((line) => line.includes('the remote')))].join('\n')
}

async function expectEveryImage(root: string, result: CliResult | undefined) {
  expect(result?.code, result?.stderr).toBe(0)
  expect(result?.stderr).not.toContain('unavailable')
  expect(await storedKeys(join(root, '.imagegen'))).toHaveLength(ENTRIES)
  expect(await storeProblems(join(root, '.imagegen'))).toEqual([])
}

describe.each(Object.keys(SERVERS) as (keyof typeof SERVERS)[])('8 runners on one %s remote', (server) => {
  let remote: RunningRemote
  beforeAll(async () => {
    remote = await SERVERS[server]()
  })
  afterAll(async () => {
    await remote.stop()
  })

  it('request each of 32 images exactly once across all runners, and every runner ends with all 32', async () => {
    fake.requests.length = 0
    const { roots, results } = await runners(
      remote,
      PREFIX.together,
      `export default { remote: { ${PATIENT} } }\n`,
    )
    expect(prompts(), remoteWarnings(results)).toHaveLength(ENTRIES)
    expect(new Set(prompts()).size).toBe(ENTRIES)
    for (const [index, root] of roots.entries()) await expectEveryImage(root, results[index])
    expect(await remoteFiles(remote.dataDir, '/ac/', PREFIX.together)).toHaveLength(ENTRIES)
  }, 240_000)

  it('one runner SIGKILLed while it holds leases: the rest finish within the lease lifetime, and only its images in flight are paid twice', async () => {
    fake.requests.length = 0
    const killed: { pid?: number; leases: string[]; heldAtKill: string[]; at: number } = {
      leases: [],
      heldAtKill: [],
      at: Number.NaN,
    }
    const config = `export default { remote: { ${PATIENT}, leaseMs: ${LEASE_MS}, pollMs: ${POLL_MS} } }\n`
    const { roots, results } = await runners(remote, PREFIX.killed, config, (index, child) => {
      if (index !== 0 || !child.pid) return
      const pid = child.pid
      killed.pid = pid
      const look = setInterval(async () => {
        const leases = await remoteFiles(remote.dataDir, 'leases', `pid ${pid}"`)
        if (leases.length === 0 || child.exitCode !== null) return
        clearInterval(look)
        killed.leases = leases
        // Past the settle pause, so that its claimed images are on their way to the API.
        setTimeout(async () => {
          killed.heldAtKill = await remoteFiles(remote.dataDir, 'leases', `pid ${pid}"`)
          killed.at = Date.now()
          child.kill('SIGKILL')
        }, 1200)
      }, 50)
      child.on('exit', () => clearInterval(look))
    })
    expect(killed.leases.length, remoteWarnings(results)).toBeGreaterThan(0)
    expect(results[0]?.signal).toBe('SIGKILL')
    for (const [index, root] of roots.entries()) if (index > 0) await expectEveryImage(root, results[index])
    expect(await remoteFiles(remote.dataDir, '/ac/', PREFIX.killed)).toHaveLength(ENTRIES)
    // Every image paid for; twice only those the killed runner (concurrency 4) had in flight.
    const all = prompts()
    expect(new Set(all).size).toBe(ENTRIES)
    expect(all.length - ENTRIES).toBeLessThanOrEqual(4)
    // The leases it held when killed blocked the others for at most their lifetime: each of those images
    // reached the remote within a lease, a claim (two polls and the settle pause) and a generation of
    // the kill. (The survivors' own finish is no measure: their other images take as long as they take.)
    const blocked = leasedKeys(killed.heldAtKill)
    expect(blocked.length, 'the killed runner held no lease when killed').toBeGreaterThan(0)
    const delay = (await lastRecordLanded(remote.dataDir, blocked)) - killed.at
    expect(
      delay,
      `${blocked.length} images it held reached the remote ${Math.round(delay)} ms after the kill`,
    ).toBeLessThanOrEqual(LEASE_MS + 2 * POLL_MS + SETTLE_MS + GENERATION_ALLOWANCE_MS)
  }, 240_000)
})
