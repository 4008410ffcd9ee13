import type { Imagegen, PlannedEntryStatus, RunReport } from '@imagegen/core/internal'
import { entries, isProviderError, KEY_VARIABLES_TEXT } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import { estimateEntry, formatCost, formatTotal, unverifiedPrices } from '../output/cost.js'
import { createProgress } from '../output/progress.js'
import { formatTable } from '../output/table.js'
import type { Terminal } from '../output/terminal.js'
import { selectEntries, unmatchedPatterns } from '../select-entries.js'
import { entryPosition, loadPlanned } from './load-planned.js'

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

  if (flags.dryRun) return await dryRun(terminal, todo, statuses.length)
  if (imagegen.options.mode !== 'generate') {
    if (todo.length > 0) return cannotGenerate(imagegen, terminal, todo)
    const stored = statuses.length === 1 ? 'the 1 entry is' : `all ${entries(statuses.length)} are`
    terminal.out(`imagegen generate: ${stored} stored; nothing to generate`)
    return EXIT.ok
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
      if (outcome.status === 'skipped')
        progress.line(`${terminal.color.yellow('skipped')}    ${where}  ${outcome.error.problem}`)
      if (outcome.status !== 'stored') progress.tick()
    },
  })
  progress.stop()
  printSummary(terminal, report)
  if (signal.aborted) {
    terminal.err('imagegen generate: interrupted; finished images are kept in the store')
    return EXIT.interrupted
  }
  if (report.skipped.length > 0) {
    terminal.err(
      `imagegen generate: stopped at the budget; ${entries(report.skipped.length)} ${report.skipped.length === 1 ? 'was' : 'were'} not generated`,
    )
  }
  const refusal = report.failed.find(({ error }) => isProviderError(error) && error.accountWide)
  if (refusal) {
    // The account, not an entry, is what to fix: one line with the hint, and the setup exit code.
    terminal.err(terminal.color.red(`imagegen generate: stopped — ${refusal.error.message}`))
    return EXIT.usage
  }
  return report.failed.length > 0 || report.skipped.length > 0 ? EXIT.problems : EXIT.ok
}

/**
 * A mode that never generates, with entries missing: frozen mode (CI) names each missing entry and
 * exits 1, as `check` does; no key is a setup problem (2). Nothing missing is success in any mode.
 */
function cannotGenerate(
  imagegen: Imagegen,
  terminal: Terminal,
  todo: readonly PlannedEntryStatus[],
): ExitCode {
  if (imagegen.options.mode === 'placeholder') {
    terminal.err(
      `imagegen generate: ${entries(todo.length)} to generate, but no provider's key is set (placeholder mode); set ${KEY_VARIABLES_TEXT} to generate`,
    )
    return EXIT.usage
  }
  for (const status of todo) terminal.err(`${entryPosition(status)}  ${status.entry.name}  not in the store`)
  terminal.err(
    `imagegen generate: ${entries(todo.length)} ${todo.length === 1 ? 'is' : 'are'} not in the store, and frozen mode (the default when CI is set) never generates — run \`imagegen generate\` where ${KEY_VARIABLES_TEXT} is set, or set IMAGEGEN_MODE=generate`,
  )
  return EXIT.problems
}

/** `--dry-run`: what would be generated, at what estimated cost; calls nothing. */
async function dryRun(
  terminal: Terminal,
  todo: readonly PlannedEntryStatus[],
  total: number,
): Promise<ExitCode> {
  const costs = await Promise.all(todo.map(estimateEntry))
  const rows = todo.map((status, index) => [
    entryPosition(status),
    status.entry.name,
    status.recipe.request.model,
    formatCost(costs[index]),
  ])
  for (const line of formatTable(['manifest', 'entry', 'model', 'est. cost'], rows)) terminal.out(line)
  const unverified = unverifiedPrices(todo.map((status) => status.recipe))
  if (unverified.length > 0)
    terminal.out(`unverified prices (not read on the provider's own page): ${unverified.join(', ')}`)
  terminal.out(
    `imagegen generate --dry-run: would generate ${todo.length} of ${entries(total)}, est. ${formatTotal(costs)}; nothing was sent`,
  )
  return EXIT.ok
}

function printSummary(terminal: Terminal, report: RunReport): void {
  const rows: [string, string | number][] = [
    ['from store', report.fromStore],
    ['generated', report.generated],
    ['failed', report.failed.length],
    ['skipped (budget)', report.skipped.length],
    ['tokens', report.tokens.total],
    ['estimated cost', formatCost(report.estimatedCost)],
    [
      'actual cost (usage)',
      `${formatCost(report.actualCost)}${report.unpriced > 0 ? ` + ${report.unpriced} of unknown price` : ''}`,
    ],
    ['time', `${(report.wallTimeMs / 1000).toFixed(1)} s`],
  ]
  terminal.out()
  for (const line of formatTable(['', ''], rows)) terminal.out(line)
}
