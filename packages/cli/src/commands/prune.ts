import { type ImagegenEngine, plural } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { loadPlanned } from './load-planned.js'

/** What is younger than this is kept: it may belong to a build that read a newer manifest. */
export const DEFAULT_GRACE_SECONDS = 600

/**
 * `imagegen prune`: removes recipes no manifest references, then blobs no recipe references, then the
 * temporary files of killed writers. It refuses to run while any manifest has errors: an entry that
 * failed to load would look unreferenced, and the store is the only record of a paid image. The store
 * holds its write lock meanwhile, so a generate or build running at the same time loses nothing.
 */
export async function pruneCommand(
  imagegen: ImagegenEngine,
  terminal: Terminal,
  { dryRun = false, graceSeconds = DEFAULT_GRACE_SECONDS },
): Promise<ExitCode> {
  const project = await loadPlanned(imagegen, terminal)
  if (!project) {
    terminal.err('imagegen prune: nothing removed; fix the manifests first')
    return EXIT.usage
  }
  const result = await imagegen.store.prune(
    project.planned.map((item) => item.key),
    { dryRun, graceMs: graceSeconds * 1000 },
  )
  const verb = dryRun ? 'would remove' : 'removed'
  terminal.out(
    `imagegen prune: ${verb} ${plural(result.recipes, 'recipe')} and ${plural(result.blobs, 'blob')} (${formatBytes(result.bytes)})`,
  )
  if (result.young > 0) {
    terminal.out(
      `imagegen prune: kept ${plural(result.young, 'unreferenced file')} younger than ${graceSeconds} s (--grace 0 removes them)`,
    )
  }
  if (result.tempFiles > 0)
    terminal.out(`imagegen prune: removed ${plural(result.tempFiles, 'temporary file')}`)
  return EXIT.ok
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
