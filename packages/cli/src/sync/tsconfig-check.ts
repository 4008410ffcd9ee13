import { existsSync } from 'node:fs'
import { basename, join, relative } from 'node:path'

interface ProjectConfig {
  path: string
  config: import('get-tsconfig').TsConfigJsonResolved
}

/**
 * What keeps TypeScript from reading the generated type files, one line per fix: a type file that no
 * tsconfig (the root's, or one it references, as Vite's templates split theirs) includes, or a
 * tsconfig that includes one without `allowArbitraryExtensions`, so `./images.yaml` does not find
 * `images.d.yaml.ts`. A project without a root tsconfig.json is not a TypeScript project: nothing.
 */
export async function tsconfigProblems(root: string, typeFiles: readonly string[]): Promise<string[]> {
  const rootConfig = join(root, 'tsconfig.json')
  if (typeFiles.length === 0 || !existsSync(rootConfig)) return []
  // Only `imagegen sync` needs tsconfig parsing: loaded here, not by every command.
  const { createFilesMatcher, parseTsconfig } = await import('get-tsconfig')
  const top: ProjectConfig = { path: rootConfig, config: parseTsconfig(rootConfig) }
  const configs = [
    top,
    ...(top.config.references ?? []).flatMap(({ path }) => referenced(root, path, parseTsconfig)),
  ]
  const show = (file: string) => relative(root, file) || '.'
  const problems = new Set<string>()
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

function referenced(
  root: string,
  path: string,
  parse: typeof import('get-tsconfig').parseTsconfig,
): ProjectConfig[] {
  const file = path.endsWith('.json') ? join(root, path) : join(root, path, 'tsconfig.json')
  return existsSync(file) ? [{ path: file, config: parse(file) }] : []
}
