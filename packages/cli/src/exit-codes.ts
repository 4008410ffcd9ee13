/** The exit codes of every command, as `imagegen --help` documents them. */
export const EXIT = {
  ok: 0,
  /** `check` found a missing or damaged image; `generate` had failures or stopped at its budget. */
  problems: 1,
  /** Bad flags, bad configuration, or a manifest with errors. */
  usage: 2,
  /** Stopped by Ctrl+C (SIGINT) or SIGTERM. */
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
