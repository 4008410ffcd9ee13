import type { Imagegen } from '@imagegen/core'
import { plural } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { loadPlanned } from './load-planned.js'

/**
 * `imagegen prune`: removes recipes no manifest references, then blobs no recipe references. It refuses
 * to run while any manifest has errors: an entry that failed to load would look unreferenced, and the
 * store is the only record of a paid image.
 */
export async function pruneCommand(
  imagegen: Imagegen,
  terminal: Terminal,
  { dryRun = false },
): Promise<ExitCode> {
  const project = await loadPlanned(imagegen, terminal)
  if (!project) {
    terminal.err('imagegen prune: nothing removed; fix the manifests first')
    return EXIT.usage
  }
  const result = await imagegen.store.prune(
    project.planned.map((item) => item.key),
    { dryRun, graceMs: 0 },
  )
  const verb = dryRun ? 'would remove' : 'removed'
  terminal.out(
    `imagegen prune: ${verb} ${plural(result.recipes, 'recipe')} and ${plural(result.blobs, 'blob')} (${formatBytes(result.bytes)})`,
  )
  return EXIT.ok
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
