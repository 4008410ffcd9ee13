/**
 * One promise per key while its work runs: a second caller for the same key joins the first rather
 * than doing the work again beside it. Settled work is forgotten; the cache answers after that.
 */
export function createInFlight<T>(): (key: string, work: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>()
  return (key, work) => {
    const joined = running.get(key)
    if (joined) return joined
    const promise = work().finally(() => running.delete(key))
    running.set(key, promise)
    return promise
  }
}
