import type { Imagegen, PlannedEntryStatus, RunReport } from '@imagegen/core'
import { estimateCost } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import { createProgress } from '../output/progress.js'
import { formatTable } from '../output/table.js'
import type { Terminal } from '../output/terminal.js'
import { selectEntries, unmatchedPatterns } from '../select-entries.js'
import { entryPosition, loadPlanned } from './load-planned.js'
import { formatCost } from './status.js'

export interface GenerateFlags {
  only: string[]
  force: string[]
  dryRun: boolean
}

/** `imagegen generate`: generates what is missing, one line per outcome, then a closing table. */
export async function generateCommand(
  imagegen: Imagegen,
  terminal: Terminal,
  flags: GenerateFlags,
  signal: AbortSignal,
): Promise<ExitCode> {
  const project = await loadPlanned(imagegen, terminal)
  if (!project) return EXIT.usage
  const all = project.planned.map((item) => item.entry)
  const unknown = unmatchedPatterns(all, [...flags.only, ...flags.force])
  if (unknown.length > 0) {
    terminal.err(`imagegen generate: no entry is named ${unknown.map((name) => `\`${name}\``).join(', ')}`)
    return EXIT.usage
  }
  const selected = new Set(selectEntries(all, flags.only))
  const forcedEntries = new Set(flags.force.length > 0 ? selectEntries(all, flags.force) : [])
  const planned = project.planned.filter((item) => selected.has(item.entry) || forcedEntries.has(item.entry))
  const force = new Set(planned.filter((item) => forcedEntries.has(item.entry)).map((item) => item.key))
  const statuses = await imagegen.status(planned)
  const todo = statuses.filter((status) => status.state !== 'stored' || force.has(status.key))

  if (flags.dryRun) return dryRun(terminal, todo, statuses.length)
  if (imagegen.options.mode !== 'generate') {
    const why =
      imagegen.options.mode === 'frozen'
        ? 'frozen mode (the default when CI is set) never generates; set IMAGEGEN_MODE=generate'
        : 'no OPENAI_API_KEY in the environment (placeholder mode); set it to generate'
    terminal.err(`imagegen generate: ${why}`)
    return EXIT.usage
  }

  const progress = createProgress(terminal, todo.length)
  const report = await imagegen.generate(planned, {
    signal,
    force,
    onOutcome(outcome) {
      const where = `${entryPosition(outcome.planned)}  ${outcome.planned.entry.name}`
      if (outcome.status === 'generated') progress.line(`${terminal.color.green('generated')}  ${where}`)
      if (outcome.status === 'failed')
        progress.line(`${terminal.color.red('failed')}     ${where}  ${outcome.error.problem}`)
      if (outcome.status !== 'stored') progress.tick()
    },
  })
  progress.stop()
  printSummary(terminal, report)
  if (signal.aborted) {
    terminal.err('imagegen generate: interrupted; finished images are kept in the store')
    return EXIT.interrupted
  }
  if (report.skippedForBudget > 0) {
    terminal.err(
      `imagegen generate: stopped at the budget; ${report.skippedForBudget} entries were not generated`,
    )
  }
  return report.failed.length > 0 ? EXIT.problems : EXIT.ok
}

/** `--dry-run`: what would be generated, at what estimated cost; calls nothing. */
function dryRun(terminal: Terminal, todo: readonly PlannedEntryStatus[], total: number): ExitCode {
  const rows = todo.map((status) => {
    const cost = estimateCost(status.recipe)
    return [entryPosition(status), status.entry.name, status.recipe.request.model, formatCost(cost)]
  })
  for (const line of formatTable(['manifest', 'entry', 'model', 'est. cost'], rows)) terminal.out(line)
  const known = todo.map((status) => estimateCost(status.recipe) ?? 0).reduce((sum, cost) => sum + cost, 0)
  terminal.out(
    `imagegen generate --dry-run: would generate ${todo.length} of ${total} entries, est. ${formatCost(known)}; nothing was sent`,
  )
  return EXIT.ok
}

function printSummary(terminal: Terminal, report: RunReport): void {
  const rows: [string, string | number][] = [
    ['from store', report.fromStore],
    ['generated', report.generated],
    ['failed', report.failed.length],
    ['tokens', report.tokens.total],
    ['estimated cost', formatCost(report.estimatedCost)],
    ['time', `${(report.wallTimeMs / 1000).toFixed(1)} s`],
  ]
  terminal.out()
  for (const line of formatTable(['', ''], rows)) terminal.out(line)
}
