import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Imagegen } from '@imagegen/core'
import {
  declarationFile,
  entryQueryDeclarations,
  manifestDeclarations,
  QUERY_DECLARATION_FILE,
  writeIfChanged,
} from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { schemaProblems } from '../sync/schema-check.js'
import { tsconfigProblems } from '../sync/tsconfig-check.js'
import { loadManifestsReporting } from './load-planned.js'

/**
 * `imagegen sync`: the type file of every manifest, written as a build would write it, so `tsc` can
 * run on a fresh clone before any build (as `svelte-kit sync` and `astro sync` do). Also refreshes
 * the root's `?image=` types where the project has them, and says what in tsconfig keeps TypeScript
 * from reading the files (exit 2), and which `$schema` comment names no file (a warning).
 */
export async function syncCommand(imagegen: Imagegen, terminal: Terminal): Promise<ExitCode> {
  const manifests = await loadManifestsReporting(imagegen, terminal)
  if (!manifests) return EXIT.problems
  const { root } = imagegen.options
  const typeFiles = manifests.map((manifest) => declarationFile(manifest.file))
  let written = 0
  for (const [index, manifest] of manifests.entries()) {
    if (await writeIfChanged(typeFiles[index] as string, manifestDeclarations(manifest))) written++
  }
  // Written by builds once a project uses `?image=` imports; kept current here only where it exists.
  const queryTypes = join(root, QUERY_DECLARATION_FILE)
  if (existsSync(queryTypes) && (await writeIfChanged(queryTypes, entryQueryDeclarations(manifests))))
    written++

  for (const problem of await schemaProblems(root, manifests)) terminal.err(terminal.color.yellow(problem))
  const blockers = await tsconfigProblems(root, typeFiles)
  for (const problem of blockers) terminal.err(terminal.color.red(`imagegen sync: ${problem}`))
  terminal.out(
    `imagegen sync: types of ${manifests.length} manifest${manifests.length === 1 ? '' : 's'} (${written} written)`,
  )
  return blockers.length > 0 ? EXIT.usage : EXIT.ok
}
