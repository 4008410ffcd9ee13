import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeEnv } from './helpers/fake-apis.js'
import { CHEAP_DEFAULTS, createProject, manyEntries, PROVIDERS } from './helpers/project.js'
import { runImagegen } from './helpers/run-cli.js'
import { seededRandom } from './helpers/seeded-random.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

const SEED = Number(process.env.IMAGEGEN_TEST_SEED ?? 20261123)
const TRIALS = 12
const ENTRIES = 40

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI({ latencyMs: [100, 300] })
})
afterAll(async () => {
  await fake.close()
})

/**
 * Kills the run `ms` after the fake has seen `requests` of its requests: counted from there, not from
 * the spawn, the moments fall while images are in flight however long a loaded machine takes to start
 * a process or to draw an image.
 */
function killAfterRequests(child: ChildProcess, requests: number, ms: number) {
  const seen = fake.requests.length
  const look = setInterval(() => {
    if (child.exitCode !== null || child.signalCode !== null) return clearInterval(look)
    if (fake.requests.length - seen < requests) return
    clearInterval(look)
    setTimeout(() => child.kill('SIGKILL'), ms)
  }, 5)
}

describe.each(PROVIDERS)(`%s: SIGKILL of imagegen generate at random moments (seed ${SEED})`, (provider) => {
  it('never leaves a recipe without a valid blob, and a rerun requests only what is missing', async () => {
    const random = seededRandom(SEED)
    const root = await createProject({
      'images.yaml': manyEntries(ENTRIES, 'An otter, study number', CHEAP_DEFAULTS[provider]),
    })
    const store = join(root, '.imagegen')
    const env = fakeEnv(fake)
    const requestsAtStart = fake.requests.length

    let killed = 0
    let partial = 0
    for (let trial = 0; trial < TRIALS; trial++) {
      const killAfterRequest = 1 + Math.floor(random() * 8)
      const killAfterMs = Math.floor(random() * 250)
      const result = await runImagegen(['generate', '--concurrency', '4'], {
        cwd: root,
        env,
        onSpawn: (child) => killAfterRequests(child, killAfterRequest, killAfterMs),
      })
      const context = `trial ${trial} (seed ${SEED}, killed ${killAfterMs} ms after request ${killAfterRequest}, exit ${result.code}/${result.signal})`
      expect(await storeProblems(store), context).toEqual([])
      if (result.signal === 'SIGKILL') killed++
      const stored = (await storedKeys(store)).length
      if (stored > 0 && stored < ENTRIES) partial++
    }
    // The kills landed mid-run: several trials were killed (late trials, with little left to do, may
    // finish first), and some kill left images both made and still missing.
    expect(killed).toBeGreaterThanOrEqual(3)

    expect(partial).toBeGreaterThan(0)
    const before = new Set(await storedKeys(store))
    const requestsBefore = fake.requests.length
    const rerun = await runImagegen(['generate'], { cwd: root, env })
    expect(rerun.code, rerun.stderr).toBe(0)
    const after = await storedKeys(store)
    expect(after).toHaveLength(ENTRIES)
    expect(fake.requests.length - requestsBefore).toBe(ENTRIES - before.size)
    expect(await storeProblems(store)).toEqual([])
    expect((await runImagegen(['check'], { cwd: root })).code).toBe(0)
    expect(new Set(fake.requests.slice(requestsAtStart).map((request) => request.api))).toEqual(
      new Set([provider]),
    )
  }, 120_000)
})
