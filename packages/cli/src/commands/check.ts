import { entries, type Imagegen, MISSING_IMAGES_FIX, plural } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { entryPosition, loadPlanned } from './load-planned.js'

/**
 * `imagegen check`: every manifest valid and every entry in the store with a good blob. Never calls a
 * provider, so it is the CI step that fails a build before it would ship a placeholder.
 */
export async function checkCommand(imagegen: Imagegen, terminal: Terminal): Promise<ExitCode> {
  const project = await loadPlanned(imagegen, terminal)
  if (!project) return EXIT.usage
  const statuses = await imagegen.status(project.planned)
  const bad = statuses.filter((status) => status.state !== 'stored')
  for (const status of bad) {
    const reason = status.state === 'missing' ? 'not in the store' : 'in the store but its image is damaged'
    terminal.err(`${entryPosition(status)}  ${status.entry.name}  ${reason}`)
  }
  // Usable, so not a failure; but what ships is not what the manifest asked for.
  for (const { formatMismatch: mismatch, ...status } of statuses) {
    if (!mismatch) continue
    terminal.err(
      `${entryPosition(status)}  ${status.entry.name}  stored as ${mismatch.stored}: the provider answered ${mismatch.stored} when ${mismatch.requested} was asked`,
    )
  }
  if (bad.length > 0) {
    terminal.err(
      `imagegen check: ${bad.length} of ${entries(statuses.length)} ${bad.length === 1 ? 'is' : 'are'} not usable — ${MISSING_IMAGES_FIX}`,
    )
    return EXIT.problems
  }
  terminal.out(
    `imagegen check: ${statuses.length === 1 ? 'the' : 'all'} ${entries(statuses.length)} in ${plural(project.manifests.length, 'manifest')} ${statuses.length === 1 ? 'is' : 'are'} stored`,
  )
  return EXIT.ok
}
