import { onAbort } from './abort-fanout.js'

interface SharedRun<T> {
  promise: Promise<T>
  controller: AbortController
  /** Callers still waiting that may cancel; Infinity once one caller cannot. */
  cancellable: number
}

/**
 * One run per key at a time, shared by every caller that asks for the key while it runs. The run is
 * cancelled only when every caller has cancelled, so one cancelled page load never costs another caller
 * its image.
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
    return new Promise<T>((resolve, reject) => {
      const abort = () => {
        // The last caller to leave cancels the run and settles with it, so a result that is already
        // being stored is still returned; one that leaves while others wait stops waiting at once.
        if (--run.cancellable === 0) run.controller.abort(signal.reason)
        else reject(cancelled(signal.reason))
      }
      const leave = onAbort(signal, abort)
      run.promise.finally(leave).then(resolve, reject)
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
