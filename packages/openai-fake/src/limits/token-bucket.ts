/** A bucket that refills continuously to `capacity` over one minute, like the service's per-minute limits. */
export class TokenBucket {
  private level: number
  private updatedAt: number

  constructor(
    readonly capacity: number,
    private readonly now: () => number,
  ) {
    this.level = capacity
    this.updatedAt = now()
  }

  private get perMs(): number {
    return this.capacity / 60_000
  }

  private refill(): void {
    const now = this.now()
    this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.perMs)
    this.updatedAt = now
  }

  /** Takes `amount` if the bucket holds it; false (and nothing taken) otherwise. */
  take(amount: number): boolean {
    this.refill()
    if (this.level < amount) return false
    this.level -= amount
    return true
  }

  remaining(): number {
    this.refill()
    return Math.floor(this.level)
  }

  msUntilAvailable(amount: number): number {
    this.refill()
    return Math.max(0, (Math.min(amount, this.capacity) - this.level) / this.perMs)
  }

  msUntilFull(): number {
    return this.msUntilAvailable(this.capacity)
  }

  refillCompletely(): void {
    this.level = this.capacity
    this.updatedAt = this.now()
  }
}
