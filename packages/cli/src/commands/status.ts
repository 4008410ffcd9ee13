import { estimateCost, type Imagegen, type PlannedEntryStatus } from '@imagegen/core'
import { EXIT, type ExitCode } from '../exit-codes.js'
import { formatTable } from '../output/table.js'
import type { Terminal } from '../output/terminal.js'
import { loadPlanned } from './load-planned.js'

export interface StatusRow {
  manifest: string
  entry: string
  key: string
  endpoint: string
  model: string
  size: string
  quality: string
  n: number
  state: PlannedEntryStatus['state']
  /** Estimated USD to generate it; 0 when stored; null when no price is known. */
  estimatedCost: number | null
  /** Set when the provider answered another format than asked: the images are stored as it sent them. */
  formatMismatch?: { requested: string; stored: string }
}

/** `imagegen status`: a table per manifest of its entries and whether each is stored. Never calls a provider. */
export async function statusCommand(
  imagegen: Imagegen,
  terminal: Terminal,
  { json = false },
): Promise<ExitCode> {
  const project = await loadPlanned(imagegen, terminal)
  if (!project) return EXIT.usage
  const rows = (await imagegen.status(project.planned)).map(toRow)
  if (json) {
    terminal.out(
      JSON.stringify(
        { root: imagegen.options.root, store: imagegen.options.storeDir, entries: rows },
        null,
        2,
      ),
    )
    return EXIT.ok
  }
  const { color } = terminal
  for (const manifest of new Set(rows.map((row) => row.manifest))) {
    const own = rows.filter((row) => row.manifest === manifest)
    terminal.out(color.bold(manifest))
    const table = formatTable(
      ['entry', 'endpoint', 'model', 'size', 'quality', 'state', 'est. cost'],
      own.map((row) => [
        row.entry,
        row.endpoint,
        row.model,
        row.size,
        row.quality,
        row.state !== 'stored'
          ? color.red(row.state)
          : row.formatMismatch
            ? color.yellow(`stored as ${row.formatMismatch.stored}, asked ${row.formatMismatch.requested}`)
            : color.green(row.state),
        row.state === 'stored' ? '' : formatCost(row.estimatedCost),
      ]),
    )
    for (const line of table) terminal.out(`  ${line}`)
    terminal.out()
  }
  const missing = rows.filter((row) => row.state !== 'stored')
  const cost = missing.reduce((sum, row) => sum + (row.estimatedCost ?? 0), 0)
  terminal.out(
    `${rows.length - missing.length} stored, ${missing.length} missing or corrupt (est. ${formatCost(cost)} to generate)`,
  )
  return EXIT.ok
}

function toRow(status: PlannedEntryStatus): StatusRow {
  const { entry, recipe, key, state, formatMismatch } = status
  const cost = estimateCost(recipe)
  return {
    manifest: entry.position.file,
    entry: entry.name,
    key,
    endpoint: entry.endpoint,
    model: recipe.request.model,
    size: recipe.request.size ?? 'auto',
    quality: recipe.request.quality ?? '-',
    n: recipe.request.n,
    state,
    estimatedCost: state === 'stored' ? 0 : (cost ?? null),
    ...(formatMismatch ? { formatMismatch } : {}),
  }
}

export function formatCost(usd: number | null | undefined): string {
  return usd === null || usd === undefined ? '?' : `$${usd.toFixed(3)}`
}
