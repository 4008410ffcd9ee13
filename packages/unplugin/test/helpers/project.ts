import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

/** A throwaway copy of a fixture, so builds can write their store, cache, types and output into it. */
export interface Project {
  root: string
  read(file: string): Promise<string>
  write(file: string, content: string): Promise<void>
  /** Replaces `search` in a file, and fails the test if it is not there. */
  edit(file: string, search: string, replacement: string): Promise<void>
  remove(): Promise<void>
}

export async function copyFixture(name = 'basic'): Promise<Project> {
  const root = await mkdtemp(join(tmpdir(), `imagegen-unplugin-${name}-`))
  await cp(join(FIXTURES, name), root, { recursive: true })
  const project: Project = {
    root,
    read: (file) => readFile(join(root, file), 'utf8'),
    write: (file, content) => writeFile(join(root, file), content),
    async edit(file, search, replacement) {
      const content = await project.read(file)
      if (!content.includes(search)) throw new Error(`${file} does not contain ${search}`)
      await project.write(file, content.replace(search, replacement))
    },
    remove: () => rm(root, { recursive: true, force: true }),
  }
  return project
}
