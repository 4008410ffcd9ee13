import type { ImagegenEngine, RemoteSync, SyncOutcome } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { entryPosition, loadPlanned } from './load-planned.js'

export type SyncDirection = 'push' | 'pull' | 'check'

const NO_REMOTE =
  'no remote is configured: set IMAGEGEN_REMOTE (s3://bucket/prefix or https://host/path) or remote.url in imagegen.config.*'
const READ_ONLY =
  'the remote is configured read-only (IMAGEGEN_REMOTE_READ_ONLY or remote.readOnly), so nothing is pushed: unset it where this runner may write'

/**
 * `imagegen push`, `imagegen pull` and `imagegen check --remote`, over the entries the manifests name:
 * one line per entry that did not go as asked, then a summary. A remote that cannot answer fails the
 * command (these are explicit: no silent fallback to the local store).
 */
export async function remoteSyncCommand(
  imagegen: ImagegenEngine,
  terminal: Terminal,
  direction: SyncDirection,
): Promise<ExitCode> {
  const remote = imagegen.remote
  if (!remote) {
    terminal.err(`imagegen ${label(direction)}: ${NO_REMOTE}`)
    return EXIT.usage
  }
  if (direction === 'push' && remote.readOnly) {
    terminal.err(`imagegen push: ${READ_ONLY}`)
    return EXIT.usage
  }
  const project = await loadPlanned(imagegen, terminal)
  if (!project) return EXIT.problems
  const outcomes = await run(
    remote,
    direction,
    project.planned.map((item) => item.key),
  )
  let problems = 0
  project.planned.forEach((item, index) => {
    const outcome = outcomes[index] as SyncOutcome
    const problem = describeProblem(direction, outcome)
    if (!problem) return
    problems++
    terminal.err(`${entryPosition(item)}  ${item.entry.name}  ${problem}`)
  })
  const count = (status: SyncOutcome['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length
  const summary =
    direction === 'check'
      ? `${count('present')} of ${outcomes.length} entries are on ${remote.description}`
      : `${count('copied')} copied, ${count('present')} already there, ${count('missing')} missing, ${count('refused')} refused (${remote.description})`
  if (problems > 0) {
    terminal.err(`imagegen ${label(direction)}: ${summary}`)
    return EXIT.problems
  }
  terminal.out(`imagegen ${label(direction)}: ${summary}`)
  return EXIT.ok
}

function run(remote: RemoteSync, direction: SyncDirection, keys: string[]): Promise<SyncOutcome[]> {
  if (direction === 'push') return remote.push(keys)
  if (direction === 'pull') return remote.pull(keys)
  return remote.check(keys)
}

/** Push skips what is not stored locally without failing; a remote entry that fails checks always fails. */
function describeProblem(direction: SyncDirection, outcome: SyncOutcome): string | undefined {
  if (outcome.status === 'refused') return `refused: the remote's entry ${outcome.problem}`
  if (outcome.status !== 'missing') return undefined
  if (direction === 'push') return undefined
  return 'not on the remote'
}

function label(direction: SyncDirection): string {
  return direction === 'check' ? 'check --remote' : direction
}
