import type { Delay } from './types.js'

/** A delay's milliseconds for request `seq`: a range gives a value that depends only on `seq`. */
export function delayFor(delay: Delay | undefined, seq: number): number {
  if (delay === undefined) return 0
  if (typeof delay === 'number') return Math.max(0, delay)
  const [min, max] = delay
  const fraction = (Math.imul(seq, 2654435761) >>> 0) / 4294967296
  return Math.max(0, Math.round(min + fraction * (max - min)))
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  if (ms <= 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
