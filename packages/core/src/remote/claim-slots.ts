/**
 * At most `size` claims held at once, each slot given to a waiter picked at random. Runners that start
 * together list their entries in the same order; taking them in random order spreads the runners over
 * different entries instead of having all of them contend for the first few.
 */
export class ClaimSlots {
  private free: number
  private readonly waiting: (() => void)[] = []
  private draining = false

  constructor(size: number) {
    this.free = size
  }

  async take(): Promise<() => void> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve)
      this.scheduleDrain()
    })
    let given = false
    return () => {
      if (given) return
      given = true
      this.free++
      this.scheduleDrain()
    }
  }

  /** Waits a moment so that the waiters of one burst are all there to be picked from. */
  private scheduleDrain(): void {
    if (this.draining) return
    this.draining = true
    setTimeout(() => {
      this.draining = false
      while (this.free > 0 && this.waiting.length > 0) {
        this.free--
        this.waiting.splice(Math.floor(Math.random() * this.waiting.length), 1)[0]?.()
      }
    }, 5)
  }
}
