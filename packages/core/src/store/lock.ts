import { randomUUID } from 'node:crypto'
import { type FileHandle, mkdir, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import { heldTokens, holdLock, type KeyLock } from './held-lock.js'
import { enterKeyQueue } from './key-queue.js'
import {
  createExclusive,
  describeHolder,
  type LockHolder,
  newHolder,
  readLockState,
  staleReason,
} from './lock-file.js'

export interface LockOptions {
  /** Stop waiting (an `ABORTED` error). */
  signal?: AbortSignal
  /**
   * A lock whose holder has not refreshed it for this long is taken over, whichever host it is on.
   * Holders refresh every third of it, so it bounds how long a vanished host blocks a key, not how long
   * a generation may take.
   * @default 60_000
   */
  staleMs?: number
  /** @default 100 */
  pollMs?: number
  /** Give up waiting for a live holder after this long (a `STORE_LOCK` error). @default Infinity */
  timeoutMs?: number
}

/** A take-over takes milliseconds; a guard this old was left by a process that died inside one. */
const GUARD_STALE_MS = 10_000

/**
 * Takes the lock of one key across processes (an exclusively created file) and within this process (a
 * queue in front of the file), waiting while a live holder has it.
 */
export async function acquireLock(
  file: string,
  key: string,
  logger: Logger,
  options: LockOptions = {},
): Promise<KeyLock> {
  const { staleMs = 60_000, pollMs = 100, timeoutMs = Number.POSITIVE_INFINITY } = options
  const timeout = Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined
  const signals = [options.signal, timeout].filter((signal) => signal !== undefined)
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined
  const holder = newHolder(randomUUID())
  let seen: LockHolder | undefined

  let leaveQueue: (() => void) | undefined
  let handle: FileHandle | undefined
  let claim = holder
  try {
    leaveQueue = await enterKeyQueue(file, signal)
    await mkdir(dirname(file), { recursive: true })
    for (;;) {
      signal?.throwIfAborted()
      const now = new Date().toISOString()
      claim = { ...holder, time: now, refreshed: now }
      handle = await createExclusive(file, claim)
      if (handle) break
      const state = await readLockState(file)
      if (state === undefined) continue // released between our attempt and our look
      const reason = staleReason(state, staleMs, heldTokens)
      if (reason) {
        if (await takeOverStaleLock(file, key, staleMs, holder, logger)) continue
      } else if (seen?.token !== state.holder?.token) {
        seen = state.holder
        logger.info(`imagegen: waiting for ${describeHolder(seen)}, which holds the lock on ${key}`)
      }
      await sleep(pollMs, undefined, { signal })
    }
  } catch (error) {
    leaveQueue?.()
    if (!signal?.aborted) throw error
    if (timeout?.aborted && !options.signal?.aborted) {
      throw new ImagegenError('STORE_LOCK', `gave up after ${timeoutMs} ms waiting for the lock on ${key}`, {
        hint: `${describeHolder(seen)} holds it; if no such process is working, delete ${file}`,
      })
    }
    throw new ImagegenError('ABORTED', `stopped waiting for the lock on ${key}`, {
      cause: options.signal?.reason,
    })
  }
  // Set once the loop breaks: the loop only ends with a handle, or by throwing.
  return holdLock({ file, handle: handle as FileHandle, key, holder: claim, staleMs, leaveQueue, logger })
}

/**
 * Removes a stale lock so that the waiters can race for it again with an exclusive create. Two waiters
 * that both judged it stale must not both remove it, or the second would remove the lock the first
 * has just created: so removal happens only under a guard file (itself exclusively created), and only
 * after judging the lock again under it. Returns whether to retry at once.
 */
async function takeOverStaleLock(
  file: string,
  key: string,
  staleMs: number,
  holder: LockHolder,
  logger: Logger,
) {
  const guard = `${file}.takeover`
  const guardHandle = await createExclusive(guard, holder)
  if (!guardHandle) {
    await removeAbandonedGuard(guard)
    return false
  }
  await guardHandle.close()
  try {
    const state = await readLockState(file)
    const reason = state && staleReason(state, staleMs, heldTokens)
    if (reason) {
      await rm(file, { force: true })
      logger.warn(
        `imagegen: took over the lock on ${key} from ${describeHolder(state.holder)}, which ${reason}`,
      )
    }
    return true
  } finally {
    await rm(guard, { force: true })
  }
}

async function removeAbandonedGuard(guard: string): Promise<void> {
  try {
    if (Date.now() - (await stat(guard)).mtimeMs > GUARD_STALE_MS) await rm(guard, { force: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
