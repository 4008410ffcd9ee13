import { rm, utimes } from 'node:fs/promises'
import type { Logger } from '../logger.js'
import { describeHolder, type LockHolder, readLockState } from './lock-file.js'

export interface KeyLock {
  readonly key: string
  /** True once another process has taken the lock over (this one was judged stale). */
  readonly lost: boolean
  /** Removes the lock file if it is still ours, and lets the next waiter of this process in. Idempotent. */
  release(): Promise<void>
}

/** Tokens of the locks this process holds now. */
export const heldTokens = new Set<string>()

/** The lock just created in `file`: kept fresh while held, removed on release if it is still ours. */
export function holdLock(
  file: string,
  key: string,
  holder: LockHolder,
  staleMs: number,
  leaveQueue: () => void,
  logger: Logger,
): KeyLock {
  let lost = false
  let released = false
  heldTokens.add(holder.token)

  // Refreshes the mtime by which waiters judge this holder alive (the only sign a waiter on another
  // host has), and notices a take-over.
  const heartbeat = setInterval(
    async () => {
      const state = await readLockState(file).catch(() => undefined)
      if (released) return
      if (state?.holder?.token !== holder.token) {
        lost = true
        clearInterval(heartbeat)
        logger.warn(`imagegen: the lock on ${key} was taken over by ${describeHolder(state?.holder)}`)
        return
      }
      const now = new Date()
      await utimes(file, now, now).catch(() => {})
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
        const state = await readLockState(file)
        if (state?.holder?.token === holder.token) await rm(file, { force: true })
      } finally {
        leaveQueue()
      }
    },
  }
}
