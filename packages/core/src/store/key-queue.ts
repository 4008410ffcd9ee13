import { ImagegenError } from '../errors.js'

/** Per lock file: the promise that settles when the last of this process's holders or waiters leaves. */
const tails = new Map<string, Promise<void>>()

/**
 * Waits until every earlier holder of `id` in this process has left, first come first served, and
 * returns the function that lets the next one in. A lock file cannot tell two holders of one process
 * apart (same pid, both alive), so they queue here before they reach it.
 */
export async function enterKeyQueue(id: string, signal?: AbortSignal): Promise<() => void> {
  const previous = tails.get(id) ?? Promise.resolve()
  let leave!: () => void
  const turn = new Promise<void>((resolve) => {
    leave = resolve
  })
  const tail = previous.then(() => turn)
  tails.set(id, tail)
  void tail.then(() => {
    if (tails.get(id) === tail) tails.delete(id)
  })
  try {
    await untilSettledOrAborted(previous, signal)
  } catch (error) {
    // A waiter that gives up still holds a place in the chain: pass it on, or everyone behind waits forever.
    void previous.then(leave)
    throw error
  }
  return leave
}

function untilSettledOrAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise
  signal.throwIfAborted()
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new ImagegenError('ABORTED', 'aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    })
  })
}
