import { SingleBar } from 'cli-progress'
import type { Terminal } from './terminal.js'

export interface Progress {
  /** A line that must stay in the output (an outcome), printed above the bar. */
  line(text: string): void
  tick(): void
  stop(): void
}

/** A progress bar on an interactive terminal; elsewhere (CI logs, pipes) just the lines. */
export function createProgress(terminal: Terminal, total: number): Progress {
  if (!terminal.interactive || total === 0) {
    return { line: (text) => terminal.out(text), tick() {}, stop() {} }
  }
  const bar = new SingleBar({
    format: 'generating [{bar}] {value}/{total}  {duration_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  })
  bar.start(total, 0)
  return {
    line(text) {
      // cli-progress redraws on the same line: clear it, print the outcome, let the next tick redraw.
      process.stderr.write('\r\u001b[2K')
      terminal.out(text)
      bar.render()
    },
    tick: () => bar.increment(),
    stop: () => bar.stop(),
  }
}
