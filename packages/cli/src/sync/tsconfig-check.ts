import { existsSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { readTsconfig, type TsconfigJson } from './read-tsconfig.js'
import { installedFile, yarnPnpProject } from './schema-check.js'

/** The package the type files import `ImagegenImage` from. */
const TYPES_PACKAGE = 'unplugin-imagegen'

interface ProjectConfig {
  path: string
  config: TsconfigJson
}

/**
 * What keeps TypeScript from reading the generated type files, one line per fix: a type file that no
 * tsconfig (the root's, or one it references, as Vite's templates split theirs) includes, or a
 * tsconfig that includes one without `allowArbitraryExtensions`, so `./images.yaml` does not find
 * `images.d.yaml.ts`; or `unplugin-imagegen`, which the files import their types from, not installed.
 * A tsconfig whose `extends` names a missing base is the one problem then: nothing else can be judged.
 * A project without a root tsconfig.json is not a TypeScript project: nothing.
 */
export async function tsconfigProblems(root: string, typeFiles: readonly string[]): Promise<string[]> {
  const rootConfig = join(root, 'tsconfig.json')
  if (typeFiles.length === 0 || !existsSync(rootConfig)) return []
  // Only `imagegen sync` needs tsconfig parsing: loaded here, not by every command.
  const { createFilesMatcher, parseTsconfig } = await import('get-tsconfig')
  const top = await readTsconfig(root, rootConfig, parseTsconfig)
  if ('problem' in top) return [top.problem]
  const configs: ProjectConfig[] = [{ path: rootConfig, config: top.config }]
  const unreadable: string[] = []
  for (const path of referencedFiles(root, top.config)) {
    const read = await readTsconfig(root, path, parseTsconfig)
    if ('problem' in read) unreadable.push(read.problem)
    else configs.push({ path, config: read.config })
  }
  if (unreadable.length > 0) return unreadable
  const show = (file: string) => relative(root, file) || '.'
  const problems = new Set<string>()
  // Under Yarn Plug'n'Play no package is in node_modules; Yarn's own resolution answers for them.
  if (!yarnPnpProject(root) && !installedFile(root, `${TYPES_PACKAGE}/package.json`)) {
    problems.add(
      `${show(typeFiles[0] as string)} imports its types from ${TYPES_PACKAGE}, which is not installed here — npm install --save-dev ${TYPES_PACKAGE} (or pnpm add -D / yarn add -D)`,
    )
  }
  for (const file of typeFiles) {
    const owner = configs.find((project) => createFilesMatcher(project)(file))
    if (!owner) {
      problems.add(
        `${show(file)} is in no tsconfig's "include" — add "${show(join(file, '..'))}" to "include" in tsconfig.json`,
      )
    } else if (owner.config.compilerOptions?.allowArbitraryExtensions !== true) {
      problems.add(
        `${show(owner.path)} lacks "allowArbitraryExtensions": true in "compilerOptions" — add it, so TypeScript reads ${basename(file)} for the manifest's imports`,
      )
    }
  }
  return [...problems]
}

/** The tsconfig files `references` names that exist (a folder means its tsconfig.json). */
function referencedFiles(root: string, config: TsconfigJson): string[] {
  return (config.references ?? [])
    .map(({ path }) => (path.endsWith('.json') ? join(root, path) : join(root, path, 'tsconfig.json')))
    .filter((file) => existsSync(file))
}
