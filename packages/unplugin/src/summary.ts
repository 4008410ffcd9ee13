import { entries, plural, type ResolvedEntry, type RunReport } from '@imagegen/core/internal'

export type EntrySource = ResolvedEntry['source']

/**
 * The build's one line:
 * `imagegen: 3 entries: 2 from store, 1 generated, 0 placeholders; ~$0.011 estimated, $0.011 from usage`.
 */
export function summaryLine(sources: Iterable<EntrySource>, report: RunReport): string {
  const counts: Record<EntrySource, number> = { store: 0, generated: 0, placeholder: 0 }
  let total = 0
  for (const source of sources) {
    counts[source]++
    total++
  }
  const parts = [
    `${counts.store} from store`,
    `${counts.generated} generated`,
    plural(counts.placeholder, 'placeholder'),
  ]
  const unpriced = report.unpriced > 0 ? ` + ${report.unpriced} of unknown price` : ''
  const spent = `~$${report.estimatedCost.toFixed(3)} estimated, $${report.actualCost.toFixed(3)} from usage${unpriced}`
  return `imagegen: ${entries(total)}: ${parts.join(', ')}; ${spent}`
}
