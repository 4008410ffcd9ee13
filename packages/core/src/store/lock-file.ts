import { readFile, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'

/** What a lock file holds: who has the key, so that a waiter can tell a live holder from a dead one. */
export interface LockHolder {
  pid: number
  host: string
  /** When the lock was taken (ISO 8601); its mtime is refreshed while it is held. */
  time: string
  /** Tells this holder's file from a later one of the same pid. */
  token: string
}

export interface LockState {
  /** Undefined when the file does not parse: being written right now, or damaged. */
  holder: LockHolder | undefined
  /** Time since the holder last refreshed it. */
  ageMs: number
}

export function newHolder(token: string): LockHolder {
  return { pid: process.pid, host: hostname(), time: new Date().toISOString(), token }
}

/** Creates the file only if it does not exist: the one atomic step that decides who holds a lock. */
export async function createExclusive(file: string, holder: LockHolder): Promise<boolean> {
  try {
    await writeFile(file, JSON.stringify(holder), { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** The lock's state, or undefined when there is no lock file. */
export async function readLockState(file: string): Promise<LockState | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)])
    return { holder: parseHolder(text), ageMs: Date.now() - info.mtimeMs }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Why a lock may be taken over, or undefined while its holder may still be working. A holder refreshes
 * its lock's mtime while it works, so one untouched for `staleMs` is abandoned wherever it was taken; on
 * this host a holder that is not running is known dead at once. `heldTokens` are this process's own
 * live locks: a file with our pid and any other token was left by an earlier process that had our pid.
 */
export function staleReason(
  state: LockState,
  staleMs: number,
  heldTokens: ReadonlySet<string>,
): string | undefined {
  const { holder, ageMs } = state
  if (ageMs > staleMs) return `was not refreshed for ${Math.round(ageMs / 1000)} s`
  if (!holder || holder.host !== hostname()) return undefined
  if (holder.pid === process.pid)
    return heldTokens.has(holder.token) ? undefined : 'was left by an earlier process'
  return isRunning(holder.pid) ? undefined : 'is no longer running'
}

export function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `process ${holder.pid} on ${holder.host} (since ${holder.time})` : 'an unknown process'
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null
    if (
      typeof value?.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.time === 'string' &&
      typeof value.token === 'string'
    ) {
      return value as LockHolder
    }
  } catch {}
  return undefined
}
