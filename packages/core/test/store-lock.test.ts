import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import { forcedGeneration } from '../src/generate/forced-generation.js'
import { openStore } from '../src/store/index.js'
import {
  fakePng,
  keyOf,
  recipeOf,
  recordingLogger,
  runFixture,
  useCompiledStore,
  useTempDirs,
} from './store-helpers.js'

const tempDir = useTempDirs()
const compiledStore = useCompiledStore()
const key = keyOf('contended')

function newEntry(seed: string) {
  return {
    recipe: recipeOf('contended'),
    images: [{ bytes: fakePng(100, seed), width: 4, height: 4 }],
    meta: { model: 'm' },
  }
}

/** Settles to 'pending' if the promise has not settled within `ms`. */
function stateAfter(promise: Promise<unknown>, ms: number) {
  return Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    sleep(ms).then(() => 'pending'),
  ])
}

/** Where the store in `dir` keeps its locks: its state directory, outside the store. */
function locksOf(dir: string): string {
  return join(openStore({ dir }).stateDir, 'locks')
}

/** The lock file another process writes when it judges this one's holder dead and takes the key over. */
const TAKEN_OVER = { pid: 1, host: 'elsewhere', time: 't', token: 'x' }

async function writeLockFile(dir: string, holder: object, ageMs = 0) {
  const file = join(locksOf(dir), `${key}.lock`)
  await mkdir(locksOf(dir), { recursive: true })
  await writeFile(file, JSON.stringify(holder))
  const then = new Date(Date.now() - ageMs)
  await utimes(file, then, then)
  return file
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => child.on('exit', resolve))
  return child.pid!
}

describe('store lock: within one process', () => {
  it('generates once when two callers want the same key at once', async () => {
    const store = openStore({ dir: await tempDir() })
    let generations = 0
    const generate = async () => {
      generations++
      await sleep(50)
      return newEntry(String(generations))
    }
    const [a, b] = await Promise.all([
      store.readOrGenerate(key, generate),
      store.readOrGenerate(key, generate),
    ])
    expect(generations).toBe(1)
    expect([a.generated, b.generated].sort()).toEqual([false, true])
    expect(a.record).toEqual(b.record)
    expect(await readdir(locksOf(store.dir))).toEqual([])
  })

  it('does not generate what is stored', async () => {
    const store = openStore({ dir: await tempDir() })
    const first = await store.readOrGenerate(key, async () => newEntry('first'))
    const again = await store.readOrGenerate(key, () => Promise.reject(new Error('must not generate')))
    expect(again).toEqual({ record: first.record, generated: false })
  })

  it('queues holders first come, first served, and releases when the work throws', async () => {
    const store = openStore({ dir: await tempDir() })
    const order: string[] = []
    const work = (name: string, fail = false) =>
      store.withKeyLock(key, async () => {
        order.push(`${name} in`)
        await sleep(20)
        order.push(`${name} out`)
        if (fail) throw new Error(name)
      })
    const results = await Promise.allSettled([work('a', true), work('b'), work('c')])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out'])
  })

  it('lets a waiter give up without blocking those behind it', async () => {
    const store = openStore({ dir: await tempDir() })
    const first = await store.acquireLock(key)
    const controller = new AbortController()
    const quitter = store.acquireLock(key, { signal: controller.signal })
    const patient = store.acquireLock(key)
    controller.abort()
    await expect(quitter).rejects.toMatchObject({ code: 'ABORTED' })
    expect(await stateAfter(patient, 50)).toBe('pending')
    await first.release()
    await (await patient).release()
  })

  it('removes the lock file on release only while it is still ours', async () => {
    const store = openStore({ dir: await tempDir() })
    const lock = await store.acquireLock(key)
    const file = join(locksOf(store.dir), `${key}.lock`)
    const theirs = JSON.stringify({
      pid: 1,
      host: 'elsewhere',
      time: new Date().toISOString(),
      token: 'theirs',
    })
    await writeFile(file, theirs)
    await lock.release()
    expect(await readFile(file, 'utf8')).toBe(theirs)
  })

  it('notices when its lock has been taken over', async () => {
    const logger = recordingLogger()
    const store = openStore({ dir: await tempDir(), logger })
    const lock = await store.acquireLock(key, { staleMs: 90 })
    await writeLockFile(store.dir, TAKEN_OVER)
    await vi.waitFor(() => expect(lock.lost).toBe(true), { timeout: 5_000 })
    expect(logger.warnings).toEqual([expect.stringContaining('was taken over by process 1 on elsewhere')])
    await lock.release()
  })
})

describe('store lock: a holder that is taken over or cannot refresh', () => {
  it('does not write over the entry of the process that took its lock over', async () => {
    const dir = await tempDir()
    const logger = recordingLogger()
    const store = openStore({ dir, logger, lock: { staleMs: 90 } })
    const other = openStore({ dir })
    const outcome = await store.readOrGenerate(key, async () => {
      // Meanwhile another process judged this one dead, took the lock and stored the entry.
      await writeLockFile(dir, TAKEN_OVER)
      await other.writeEntry({ key, ...newEntry('theirs') })
      await vi.waitFor(() => expect(logger.warnings.join('\n')).toContain('was taken over by process 1'))
      return newEntry('ours')
    })
    const theirs = fakePng(100, 'theirs')
    expect(outcome.generated).toBe(true)
    expect(await store.readBlob(outcome.record.outputs[0]!)).toEqual(theirs)
    expect(await store.readBlob((await store.readRecipe(key))!.outputs[0]!)).toEqual(theirs)
    expect(logger.warnings.join('\n')).toContain('the other process stored it first; keeping that one')
  })

  it('keeps, on a forced regeneration, the new image of the process that took its lock over', async () => {
    const dir = await tempDir()
    const logger = recordingLogger()
    const store = openStore({ dir, logger, lock: { staleMs: 90 } })
    const other = openStore({ dir })
    await store.writeEntry({ key, ...newEntry('old') })
    const outcome = await forcedGeneration(store, logger)(key, async () => {
      await writeLockFile(dir, TAKEN_OVER)
      await other.writeEntry({ key, ...newEntry('theirs') })
      await vi.waitFor(() => expect(logger.warnings.join('\n')).toContain('was taken over by process 1'))
      return newEntry('ours')
    })
    const theirs = fakePng(100, 'theirs')
    expect(await store.readBlob(outcome.record.outputs[0]!)).toEqual(theirs)
    expect(await store.readBlob((await store.readRecipe(key))!.outputs[0]!)).toEqual(theirs)
    expect(logger.warnings.join('\n')).toContain('stored a new image first; keeping that one')
  })

  it('replaces the old image on a forced regeneration whose lock was taken over by nobody who wrote', async () => {
    const dir = await tempDir()
    const logger = recordingLogger()
    const store = openStore({ dir, logger, lock: { staleMs: 90 } })
    await store.writeEntry({ key, ...newEntry('old') })
    const outcome = await forcedGeneration(store, logger)(key, async () => {
      await writeLockFile(dir, TAKEN_OVER)
      await vi.waitFor(() => expect(logger.warnings.join('\n')).toContain('was taken over by process 1'))
      return newEntry('ours')
    })
    expect(await store.readBlob((await store.readRecipe(key))!.outputs[0]!)).toEqual(fakePng(100, 'ours'))
    expect(outcome.record.outputs[0]?.blob).toBe((await store.readRecipe(key))?.outputs[0]?.blob)
  })

  it('warns when it cannot refresh its lock', async () => {
    const dir = await tempDir()
    const logger = recordingLogger()
    const lock = await openStore({ dir, logger }).acquireLock(key, { staleMs: 90 })
    // Its file replaced by something unreadable as a lock: a refresh now fails.
    const file = join(locksOf(dir), `${key}.lock`)
    await rm(file)
    await mkdir(file)
    await vi.waitFor(() =>
      expect(logger.warnings).toEqual([expect.stringContaining(`could not refresh the lock on ${key}`)]),
    )
    await rm(file, { recursive: true })
    await lock.release()
  })
})

describe('store lock: stale and live holders', () => {
  it('takes over a lock whose holder on this host is no longer running', async () => {
    const dir = await tempDir()
    const pid = await deadPid()
    await writeLockFile(dir, { pid, host: hostname(), time: new Date().toISOString(), token: 'dead' })
    const logger = recordingLogger()
    const lock = await openStore({ dir, logger }).acquireLock(key, { timeoutMs: 5_000 })
    expect(logger.warnings).toEqual([expect.stringContaining(`from process ${pid} on ${hostname()}`)])
    expect(JSON.parse(await readFile(join(locksOf(dir), `${key}.lock`), 'utf8'))).toMatchObject({
      pid: process.pid,
    })
    await lock.release()
    expect(await readdir(locksOf(dir))).toEqual([])
  })

  it('takes over a lock left by an earlier process that had this pid', async () => {
    const dir = await tempDir()
    await writeLockFile(dir, {
      pid: process.pid,
      host: hostname(),
      time: new Date().toISOString(),
      token: 'old',
    })
    const logger = recordingLogger()
    const lock = await openStore({ dir, logger }).acquireLock(key, { timeoutMs: 5_000 })
    expect(logger.warnings).toEqual([expect.stringContaining('was left by an earlier process')])
    await lock.release()
  })

  it('waits for a fresh lock of another host, and takes it over once it is stale', async () => {
    const dir = await tempDir()
    const holder = { pid: 4242, host: 'another-host', time: new Date().toISOString(), token: 'remote' }
    await writeLockFile(dir, holder)
    const store = openStore({ dir })
    await expect(store.acquireLock(key, { staleMs: 60_000, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'STORE_LOCK',
      message: expect.stringContaining('process 4242 on another-host'),
    })
    await writeLockFile(dir, holder, 120_000)
    const lock = await store.acquireLock(key, { staleMs: 60_000, timeoutMs: 5_000 })
    await lock.release()
  })

  it('takes over at once a lock copied from another host (a checkout gives it a fresh mtime)', async () => {
    const dir = await tempDir()
    const longAgo = new Date(Date.now() - 3_600_000).toISOString()
    const holder = { pid: 4242, host: 'a-ci-runner', time: longAgo, token: 'committed', refreshed: longAgo }
    await writeLockFile(dir, holder) // mtime now, as git checkout or a cache restore leaves it
    const logger = recordingLogger()
    const lock = await openStore({ dir, logger }).acquireLock(key, { timeoutMs: 1_000 })
    expect(logger.warnings).toEqual([expect.stringContaining('process 4242 on a-ci-runner')])
    await lock.release()
  })

  it('takes over an unreadable lock file only once it is stale', async () => {
    const dir = await tempDir()
    const file = await writeLockFile(dir, {})
    await writeFile(file, '') // what a holder that died between create and write leaves
    const store = openStore({ dir })
    await expect(store.acquireLock(key, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'STORE_LOCK' })
    const old = new Date(Date.now() - 120_000)
    await utimes(file, old, old)
    await (await store.acquireLock(key, { timeoutMs: 5_000 })).release()
  })

  it('blocks while another process holds the lock, and gets it when that one lets go', async () => {
    const dir = await tempDir()
    const holder = runFixture(compiledStore(), 'hold-lock.mjs', [dir, key])
    await holder.line('locked')
    const logger = recordingLogger()
    const waiting = openStore({ dir, logger }).acquireLock(key, { pollMs: 20 })
    expect(await stateAfter(waiting, 500)).toBe('pending')
    expect(logger.infos).toEqual([expect.stringContaining(`waiting for process ${holder.process.pid}`)])
    holder.process.stdin!.write('release\n')
    await holder.line('released')
    const lock = await waiting
    await lock.release()
    expect(await holder.exited).toBe(0)
  })

  it('keeps a live holder that outlasts staleMs: it refreshes its lock', async () => {
    const dir = await tempDir()
    const holder = runFixture(compiledStore(), 'hold-lock.mjs', [dir, key, '600'])
    await holder.line('locked')
    // Its pid is alive, so only age could make its lock stale; waiting three times staleMs shows the
    // holder's heartbeat keeps the lock younger than that.
    await expect(
      openStore({ dir }).acquireLock(key, { staleMs: 600, pollMs: 20, timeoutMs: 1_800 }),
    ).rejects.toMatchObject({ code: 'STORE_LOCK' })
    holder.process.stdin!.write('release\n')
    expect(await holder.exited).toBe(0)
  })
})

describe('store lock: across processes', () => {
  it.each([
    ['', false],
    [", even when they all find a dead holder's lock to take over", true],
  ])('pays for one generation when processes want the same key at once%s', async (_, staleLock) => {
    const dir = await tempDir()
    if (staleLock) {
      await writeLockFile(dir, {
        pid: await deadPid(),
        host: hostname(),
        time: new Date().toISOString(),
        token: 'x',
      })
    }
    const markers = join(dir, 'markers')
    const go = join(dir, 'go')
    await mkdir(markers)
    const children = [1, 2, 3, 4].map(() =>
      runFixture(compiledStore(), 'generate-once.mjs', [dir, key, markers, go]),
    )
    await Promise.all(children.map((child) => child.line('ready')))
    await writeFile(go, '')
    const outcomes = await Promise.all(children.map(async (child) => JSON.parse(await child.line('{'))))

    expect(await readdir(markers)).toHaveLength(1)
    expect(outcomes.filter((outcome) => outcome.generated)).toHaveLength(1)
    expect(new Set(outcomes.map((outcome) => outcome.blob)).size).toBe(1)
    const store = openStore({ dir })
    expect((await store.readRecipe(key))?.outputs[0]?.blob).toBe(outcomes[0].blob)
    expect(await readdir(locksOf(dir))).toEqual([])
  })
})
