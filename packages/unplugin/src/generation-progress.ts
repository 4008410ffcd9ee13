import type { Logger, PlannedEntry } from '@imagegen/core'
import { entries } from '@imagegen/core/internal'

/** When the first "still generating" line comes, and how often after it. */
export interface ProgressTimes {
  firstMs: number
  everyMs: number
}

const TIMES: ProgressTimes = { firstMs: 2_000, everyMs: 5_000 }

/**
 * What a build is generating, through the bundler's logger, one line per event: an entry starting and
 * ending (`done/total`), and while any is in flight, a line every few seconds naming each with its
 * elapsed time. A build that waits on the API is never silent.
 */
export class GenerationProgress {
  private readonly inFlight = new Map<string, { name: string; since: number }>()
  private started = 0
  private finished = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly logger: Logger,
    private readonly times: ProgressTimes = TIMES,
  ) {}

  /** For `imagegen.resolve`'s `onGenerate`: call at the start; call what it returns at the end. */
  readonly onGenerate = ({ key, entry }: PlannedEntry): ((ok: boolean) => void) => {
    // Two modules asking for one entry (`./images.yaml` and `?image=hero`) share its one generation.
    if (this.inFlight.has(key)) return () => {}
    const since = Date.now()
    this.inFlight.set(key, { name: entry.name, since })
    this.started++
    this.logger.info(`imagegen: generating ${entry.name} (${this.started - this.finished} in flight)`)
    this.timer ??= setTimeout(() => this.tick(), this.times.firstMs).unref()
    return (ok) => {
      if (!this.inFlight.delete(key)) return
      this.finished++
      const took = seconds(Date.now() - since)
      const verb = ok ? `generated ${entry.name} in ${took}` : `${entry.name} failed after ${took}`
      this.logger.info(`imagegen: ${verb} (${this.finished}/${this.started} done)`)
      if (this.inFlight.size === 0) this.stop()
    }
  }

  stop(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private tick(): void {
    const now = Date.now()
    const waiting = [...this.inFlight.values()].map(({ name, since }) => `${name} ${seconds(now - since)}`)
    this.logger.info(
      `imagegen: ${this.finished}/${entries(this.started)} done; still generating ${waiting.join(', ')}`,
    )
    this.timer = setTimeout(() => this.tick(), this.times.everyMs).unref()
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
