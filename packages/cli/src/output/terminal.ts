import { createColors } from 'picocolors'

export interface Terminal {
  out(line?: string): void
  err(line?: string): void
  /** True when stderr is an interactive terminal: progress bars only then. */
  interactive: boolean
  color: ReturnType<typeof createColors>
}

/** Colours only on a terminal and never with NO_COLOR set; progress only on an interactive stderr. */
export function createTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  const interactive = Boolean(process.stderr.isTTY) && !env.CI
  const useColor = !('NO_COLOR' in env) && (Boolean(process.stdout.isTTY) || 'FORCE_COLOR' in env)
  return {
    out: (line = '') => process.stdout.write(`${line}\n`),
    err: (line = '') => process.stderr.write(`${line}\n`),
    interactive,
    color: createColors(useColor),
  }
}
