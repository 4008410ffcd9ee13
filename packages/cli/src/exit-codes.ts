/** The exit codes of every command, as `imagegen --help` documents them. */
export const EXIT = {
  ok: 0,
  /** `check` found a missing or damaged image; `generate` had failures, stopped at its budget, or (frozen) found entries missing. */
  problems: 1,
  /** Bad flags, configuration, environment or manifest; an account the API refuses (401, 403, no credit). */
  usage: 2,
  /** Stopped by Ctrl+C (SIGINT) or SIGTERM. */
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
