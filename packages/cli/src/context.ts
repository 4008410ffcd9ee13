import { createImagegen, type Imagegen, type Logger, type Options } from '@imagegen/core'
import type { Terminal } from './output/terminal.js'

export interface GlobalFlags {
  root?: string
  concurrency?: number
  maxNew?: number
  maxCost?: number
}

/** The engine as the CLI drives it: the project's settings, overridden by flags; warnings to stderr. */
export function createEngine(flags: GlobalFlags, terminal: Terminal, extra: Options = {}): Imagegen {
  const logger: Logger = {
    info: () => {},
    warn: (message) => terminal.err(terminal.color.yellow(message)),
    error: (message) => terminal.err(terminal.color.red(message)),
  }
  const options: Options = { logger, ...extra }
  if (flags.root) options.root = flags.root
  if (flags.concurrency !== undefined) options.concurrency = flags.concurrency
  if (flags.maxNew !== undefined) options.maxNewImages = flags.maxNew
  if (flags.maxCost !== undefined) options.maxCost = flags.maxCost
  return createImagegen(options)
}
