import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { plural } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { detectProject, installCommand, runCommand } from './detect-project.js'
import { type FileChange, planInit } from './plan-init.js'

export interface InitFlags {
  root: string | undefined
  dryRun: boolean
}

const PACKAGES = ['unplugin-imagegen', 'imagegen']

/**
 * `imagegen init`: adds imagegen to the project's bundler or framework config, the tsconfig, .gitignore,
 * and a starter manifest. Every change is planned before any is written, so a refusal writes nothing;
 * a second run finds everything in place and changes nothing.
 */
export async function initCommand(
  terminal: Terminal,
  flags: InitFlags,
  env: NodeJS.ProcessEnv,
): Promise<ExitCode> {
  const root = resolve(flags.root ?? process.cwd())
  const project = await detectProject(root, env)
  const plan = await planInit(project)
  const { color } = terminal
  terminal.out(`imagegen init: ${project.framework.name} project, ${project.packageManager}`)

  if (plan.refused) {
    terminal.err(color.red(`imagegen init: nothing was written — ${plan.refused}`))
    terminal.err('Add these lines by hand, then run `imagegen init` again for the rest:')
    for (const line of plan.byHand) terminal.err(`  ${line}`)
    return EXIT.problems
  }
  if (flags.dryRun) {
    for (const change of plan.changes) terminal.out(await diff(change))
    terminal.out(
      `imagegen init --dry-run: would change ${plural(plan.changes.length, 'file')}; nothing was written`,
    )
    return EXIT.ok
  }
  for (const change of plan.changes) {
    const file = join(root, change.file)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, change.after)
    terminal.out(
      `  ${color.green(change.before === undefined ? 'created' : 'updated')}  ${change.file}  ${change.what}`,
    )
  }
  for (const [file, why] of plan.unchanged)
    terminal.out(`  ${color.dim('kept   ')}  ${relative(root, resolve(root, file))}  ${why}`)
  if (plan.byHand.length > 0) {
    terminal.out(`Add imagegen to your ${project.framework.name} build (there is no config file to edit):`)
    for (const line of plan.byHand) terminal.out(`  ${line}`)
  }
  if (plan.changes.length === 0) {
    terminal.out('imagegen init: nothing to change; imagegen is set up')
    return EXIT.ok
  }
  terminal.out('Next:')
  const missing = PACKAGES.filter((name) => !project.dependencies.has(name))
  if (missing.length > 0) terminal.out(`  ${installCommand(project.packageManager, missing)}`)
  const own = (project.framework.projectPackages ?? []).filter((name) => !project.dependencies.has(name))
  if (own.length > 0) terminal.out(`  ${installCommand(project.packageManager, own, false)}`)
  terminal.out(`  ${runCommand(project.packageManager, project.script)}`)
  return EXIT.ok
}

async function diff(change: FileChange): Promise<string> {
  const { createTwoFilesPatch } = await import('diff')
  const from = change.before === undefined ? '/dev/null' : `a/${change.file}`
  return createTwoFilesPatch(from, `b/${change.file}`, change.before ?? '', change.after).replace(/^=+\n/, '')
}
