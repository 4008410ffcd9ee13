import { type Imagegen, type Manifest, ManifestError, type PlannedEntry } from '@imagegen/core'
import { formatPosition } from '@imagegen/core/internal'
import type { Terminal } from '../output/terminal.js'

export interface LoadedProject {
  manifests: Manifest[]
  planned: PlannedEntry[]
}

/** Every manifest and its entries' keys; a manifest error is printed, one line per problem, and returned as undefined. */
export async function loadPlanned(
  imagegen: Imagegen,
  terminal: Terminal,
): Promise<LoadedProject | undefined> {
  const manifests = await loadManifestsReporting(imagegen, terminal)
  if (!manifests) return undefined
  const planned = await imagegen.plan(manifests.flatMap((manifest) => manifest.entries))
  return { manifests, planned }
}

/** Every manifest; a manifest error is printed, one line per problem, and returned as undefined. */
export async function loadManifestsReporting(
  imagegen: Imagegen,
  terminal: Terminal,
): Promise<Manifest[] | undefined> {
  try {
    return await imagegen.loadManifests()
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error
    for (const issue of error.issues) terminal.err(terminal.color.red(issue.message))
    terminal.err(
      `imagegen: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in the manifests`,
    )
    return undefined
  }
}

/** `file:line:column` of an entry, relative to the root as manifest errors print it. */
export function entryPosition(planned: PlannedEntry): string {
  return formatPosition(planned.entry.position)
}
