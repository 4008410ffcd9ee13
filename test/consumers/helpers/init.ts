import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { BuildResult } from '../../helpers/examples.js'
import type { Consumer } from './consumer.js'

const ENTRIES = new URL('../entries/', import.meta.url)

/**
 * `imagegen init` in the freshly installed project, through the package manager's `exec` as a user
 * runs it after `npm install -D unplugin-imagegen imagegen`: it must succeed and write the starter
 * manifest at `manifest` (relative to the project).
 */
export async function runInit(project: Consumer, manifest: string): Promise<BuildResult> {
  const init = await project.exec(['imagegen', 'init'])
  expect(init.code, init.output).toBe(0)
  expect(init.output).toContain(`created  ${manifest}`)
  expect(await readFile(join(project.dir, '.gitignore'), 'utf8')).toMatch(/^\.imagegen\/locks\/$/m)
  return init
}

/**
 * The test's own images in the manifest init wrote: init's leading comments stay (its `$schema` line
 * among them, which `imagegen sync` checks), its starter entry gives way to `entries/<name>.yaml`.
 */
export async function writeEntries(project: Consumer, manifest: string, name: string): Promise<void> {
  const file = join(project.dir, manifest)
  const written = await readFile(file, 'utf8')
  const header = written.slice(0, written.search(/^[^#\n]/m))
  expect(header).toMatch(/^# yaml-language-server: \$schema=\S+$/m)
  await writeFile(file, header + (await readFile(new URL(`${name}.yaml`, ENTRIES), 'utf8')))
}
