interface SharedRun<T> {
  promise: Promise<T>
  controller: AbortController
  /** Callers still waiting that may cancel; Infinity once one caller cannot. */
  cancellable: number
}

/**
 * One run per key at a time, shared by every caller that asks for the key while it runs. A caller that
 * cancels stops waiting at once; the run itself is cancelled only when every caller has, so one
 * cancelled page load never costs another caller its image.
 */
export class SharedRuns<T> {
  private readonly runs = new Map<string, SharedRun<T>>()

  join(
    key: string,
    signal: AbortSignal | undefined,
    start: (signal: AbortSignal) => Promise<T>,
    cancelled: (reason: unknown) => Error,
  ): Promise<T> {
    const run = this.runs.get(key) ?? this.start(key, start)
    if (!signal) {
      run.cancellable = Number.POSITIVE_INFINITY
      return run.promise
    }
    run.cancellable++
    const leave = () => {
      if (--run.cancellable === 0) run.controller.abort(signal.reason)
    }
    if (signal.aborted) {
      leave()
      return Promise.reject(cancelled(signal.reason))
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        leave()
        reject(cancelled(signal.reason))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      run.promise
        .finally(() => signal.removeEventListener('abort', onAbort))
        .then(resolve, reject)
    })
  }

  private start(key: string, start: (signal: AbortSignal) => Promise<T>): SharedRun<T> {
    const controller = new AbortController()
    const run: SharedRun<T> = { controller, cancellable: 0, promise: start(controller.signal) }
    this.runs.set(key, run)
    const forget = () => {
      if (this.runs.get(key) === run) this.runs.delete(key)
    }
    // Every caller may have stopped waiting, so the run's own failure must not go unhandled.
    run.promise.then(forget, forget)
    return run
  }
}
