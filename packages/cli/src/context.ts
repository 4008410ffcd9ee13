import { resolve } from 'node:path'
import {
  createImagegen,
  type ImagegenEngine,
  type Logger,
  loadConfig,
  type Options,
} from '@imagegen/core/internal'
import type { Terminal } from './output/terminal.js'

export interface GlobalFlags {
  root?: string
  concurrency?: number
  maxNew?: number
  maxCost?: number
  timeoutMs?: number
  allowUnpriced?: boolean
}

/**
 * The engine as the CLI drives it: the project's `imagegen.config.*` (the same file the bundler plugins
 * read), overridden by flags; warnings to stderr.
 */
export async function createEngine(flags: GlobalFlags, terminal: Terminal): Promise<ImagegenEngine> {
  const root = resolve(flags.root ?? process.cwd())
  const loaded = await loadConfig(root)
  const logger: Logger = {
    info: () => {},
    warn: (message) => terminal.err(terminal.color.yellow(message)),
    error: (message) => terminal.err(terminal.color.red(message)),
  }
  const options: Options = { ...loaded?.config, root, logger }
  if (flags.concurrency !== undefined) options.concurrency = flags.concurrency
  if (flags.maxNew !== undefined) options.maxNewImages = flags.maxNew
  if (flags.maxCost !== undefined) options.maxCost = flags.maxCost
  if (flags.timeoutMs !== undefined) options.timeoutMs = flags.timeoutMs
  if (flags.allowUnpriced) options.allowUnpriced = true
  return createImagegen(options)
}
