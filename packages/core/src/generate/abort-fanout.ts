type Callback = () => void

/**
 * One `abort` listener per signal however many waiters share it. A run of many entries hands every
 * entry the same signal; one listener each would pass Node's limit of 10 and print
 * `MaxListenersExceededWarning` on every run of 11 or more entries.
 */
const waiters = new WeakMap<AbortSignal, Set<Callback>>()

/** Calls `callback` once when `signal` aborts (at once if it has); returns the function that unsubscribes. */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  if (signal.aborted) {
    callback()
    return () => {}
  }
  let set = waiters.get(signal)
  if (!set) {
    const created = new Set<Callback>()
    set = created
    waiters.set(signal, created)
    signal.addEventListener(
      'abort',
      () => {
        waiters.delete(signal)
        for (const waiting of created) waiting()
      },
      { once: true },
    )
  }
  const own = set
  own.add(callback)
  return () => own.delete(callback)
}
