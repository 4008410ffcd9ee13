import type { FileHandle } from 'node:fs/promises'
import { rm } from 'node:fs/promises'
import type { Logger } from '../logger.js'
import { describeHolder, type LockHolder, readLockState, refreshHolder } from './lock-file.js'

export interface KeyLock {
  readonly key: string
  /**
   * True once another process has taken the lock over (this one was judged stale). A holder checks it
   * before it writes: what it would write, the process that took over may be writing too.
   */
  readonly lost: boolean
  /** Removes the lock file if it is still ours, and lets the next waiter of this process in. Idempotent. */
  release(): Promise<void>
}

/** Tokens of the locks this process holds now. */
export const heldTokens = new Set<string>()

export interface HeldLockFile {
  file: string
  /** The lock file, open since its exclusive creation. */
  handle: FileHandle
  key: string
  holder: LockHolder
  staleMs: number
  leaveQueue: () => void
  logger: Logger
}

/** The lock just created in `file`: kept fresh while held, removed on release if it is still ours. */
export function holdLock({ file, handle, key, holder, staleMs, leaveQueue, logger }: HeldLockFile): KeyLock {
  let lost = false
  let released = false
  let warned = false
  heldTokens.add(holder.token)

  // A holder that cannot refresh its lock looks dead to every waiter after `staleMs`; say so once.
  const warnFailure = (error: unknown) => {
    if (released || warned) return
    warned = true
    logger.warn(
      `imagegen: could not refresh the lock on ${key} (${(error as Error)?.message ?? error}); another process may take it over after ${Math.round(staleMs / 1000)} s and generate it too`,
    )
  }

  // Refreshes the lock by which waiters judge this holder alive (the only sign a waiter on another
  // host has), and notices a take-over.
  let beating = false
  const heartbeat = setInterval(
    async () => {
      if (beating) return
      beating = true
      try {
        const state = await readLockState(file)
        if (released) return
        // Unparsable only while our own refresh rewrites it: nobody else writes this file.
        if (state && !state.holder) return
        if (state?.holder?.token !== holder.token) {
          lost = true
          clearInterval(heartbeat)
          logger.warn(`imagegen: the lock on ${key} was taken over by ${describeHolder(state?.holder)}`)
          return
        }
        await refreshHolder(handle, holder)
      } catch (error) {
        warnFailure(error)
      } finally {
        beating = false
      }
    },
    Math.max(staleMs / 3, 10),
  )
  heartbeat.unref()

  return {
    key,
    get lost() {
      return lost
    },
    async release() {
      if (released) return
      released = true
      clearInterval(heartbeat)
      heldTokens.delete(holder.token)
      try {
        await handle.close().catch(() => {})
        const state = await readLockState(file)
        if (state?.holder?.token === holder.token) await rm(file, { force: true })
      } finally {
        leaveQueue()
      }
    },
  }
}
