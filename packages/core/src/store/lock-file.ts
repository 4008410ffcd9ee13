import { type FileHandle, open, readFile, rm, stat } from 'node:fs/promises'
import { hostname } from 'node:os'

/** What a lock file holds: who has the key, so that a waiter can tell a live holder from a dead one. */
export interface LockHolder {
  pid: number
  host: string
  /** When the lock was taken (ISO 8601). */
  time: string
  /** Tells this holder's file from a later one of the same pid. */
  token: string
  /**
   * When the holder last showed it was alive (ISO 8601), rewritten while it holds the lock. Unlike the
   * file's mtime, a copy keeps it: a lock committed or restored from a cache on another host is judged
   * by when its holder last wrote, not by when the copy was made.
   */
  refreshed?: string
}

export interface LockState {
  /** Undefined when the file does not parse: being written right now, or damaged. */
  holder: LockHolder | undefined
  /** Time since the holder last refreshed it. */
  ageMs: number
}

export function newHolder(token: string): LockHolder {
  const now = new Date().toISOString()
  return { pid: process.pid, host: hostname(), time: now, token, refreshed: now }
}

/**
 * Creates the file only if it does not exist: the one atomic step that decides who holds a lock.
 * Returns the open file, which its holder keeps to rewrite its `refreshed` time: written through the
 * handle, a late heartbeat lands in the holder's own file even after a take-over replaced it.
 */
export async function createExclusive(file: string, holder: LockHolder): Promise<FileHandle | undefined> {
  let handle: FileHandle
  try {
    handle = await open(file, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined
    throw error
  }
  try {
    await handle.writeFile(JSON.stringify(holder))
    return handle
  } catch (error) {
    await handle.close()
    await rm(file, { force: true })
    throw error
  }
}

/** Rewrites the holder's `refreshed` time in its own file (same length, so one write replaces it). */
export async function refreshHolder(handle: FileHandle, holder: LockHolder): Promise<void> {
  const text = Buffer.from(JSON.stringify({ ...holder, refreshed: new Date().toISOString() }))
  await handle.write(text, 0, text.length, 0)
  await handle.truncate(text.length)
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
 * its lock while it works, so one not refreshed for `staleMs` is abandoned wherever it was taken; on
 * this host a holder that is not running is known dead at once. `heldTokens` are this process's own
 * live locks: a file with our pid and any other token was left by an earlier process that had our pid.
 *
 * The age is the older of the file's mtime and the `refreshed` time written in it: a checkout or a
 * cache restore gives a copied lock a fresh mtime, never a fresh `refreshed`. (Hosts sharing a store
 * directory must keep their clocks within `staleMs` of each other, as they must for mtimes anyway.)
 */
export function staleReason(
  state: LockState,
  staleMs: number,
  heldTokens: ReadonlySet<string>,
): string | undefined {
  const { holder } = state
  const written = holder ? Date.parse(holder.refreshed ?? holder.time) : Number.NaN
  const ageMs = Number.isFinite(written) ? Math.max(state.ageMs, Date.now() - written) : state.ageMs
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
      typeof value.token === 'string' &&
      (value.refreshed === undefined || typeof value.refreshed === 'string')
    ) {
      return value as LockHolder
    }
  } catch {}
  return undefined
}
