import type { ImagegenError } from '../errors.js'

export interface FailedEntry {
  entry: string
  key: string
  error: ImagegenError
}

/** What one run did: every scheduled entry is counted in exactly one of generated, fromStore, failed, skipped. */
export interface RunReport {
  generated: number
  /** Images generated (an entry with `n: 2` counts two). */
  generatedImages: number
  fromStore: number
  failed: FailedEntry[]
  /** Entries the budget left ungenerated (`BUDGET`): nothing was sent for them. */
  skipped: FailedEntry[]
  tokens: { input: number; output: number; total: number }
  /** Estimated USD of every attempt the service may have billed: what was generated, and answers that could not be used. */
  estimatedCost: number
  retries: number
  wallTimeMs: number
}

export function emptyReport(): RunReport {
  return {
    generated: 0,
    generatedImages: 0,
    fromStore: 0,
    failed: [],
    skipped: [],
    tokens: { input: 0, output: 0, total: 0 },
    estimatedCost: 0,
    retries: 0,
    wallTimeMs: 0,
  }
}

export function addUsage(report: RunReport, usage: Record<string, unknown> | undefined): void {
  const count = (field: string) => (typeof usage?.[field] === 'number' ? (usage[field] as number) : 0)
  report.tokens.input += count('input_tokens')
  report.tokens.output += count('output_tokens')
  report.tokens.total += count('total_tokens')
}

/** One line for a terminal or a bundler's log. */
export function summarizeReport(report: RunReport): string {
  const parts = [
    `${report.fromStore} from store`,
    `${report.generated} generated`,
    `${report.failed.length} failed`,
    ...(report.skipped.length > 0 ? [`${report.skipped.length} skipped (budget)`] : []),
    `~$${report.estimatedCost.toFixed(3)}`,
    `${report.tokens.total} tokens`,
    `${(report.wallTimeMs / 1000).toFixed(1)}s`,
  ]
  return `imagegen: ${parts.join(', ')}`
}
