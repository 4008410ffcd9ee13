import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildResult, run } from '../../helpers/examples.js'
import { configureYarnProject, installYarn } from './yarn.js'

export type PackageManager = 'npm' | 'pnpm' | 'yarn'

/** Recognisable as a test key, never as a real one; it must not reach any output. */
export const FAKE_KEY = 'fake-key-imagegen-consumer-SECRET-9c2d4b'

const PROJECTS = fileURLToPath(new URL('../projects/', import.meta.url))

export interface Consumer {
  /** The project folder, in the OS temp dir: no workspace above it, nothing linked. */
  dir: string
  packageManager: PackageManager
  /** `npm run <script>` / `pnpm run <script>`; fails the test with the output when it fails. */
  script(name: string, env?: Record<string, string>): Promise<BuildResult>
  /** Any command from the project's `node_modules/.bin`, through the package manager's `exec`. */
  exec(args: string[], env?: Record<string, string>): Promise<BuildResult>
  remove(): Promise<void>
}

/**
 * A project made from the files under `projects/<template>` (what its starter template writes, with
 * `unplugin-imagegen` and `imagegen` in package.json: `imagegen init` adds the rest), installed from
 * `registry` with `packageManager`.
 */
export async function createConsumer(
  template: string,
  packageManager: PackageManager,
  registry: string,
): Promise<Consumer> {
  const dir = await mkdtemp(join(tmpdir(), `imagegen-consumer-${template}-`))
  await cp(join(PROJECTS, template), dir, { recursive: true })
  const yarn = packageManager === 'yarn' ? await installYarn(registry) : undefined
  if (yarn) await configureYarnProject(dir, registry)
  const [command, ...base] = yarn?.command ?? [packageManager]
  const manager = (args: string[], env?: Record<string, string>) =>
    run(command as string, [...base, ...args], { cwd: dir, env })
  // --prefer-offline: the shared npm cache and pnpm store answer for everything already fetched once.
  // Yarn reads its registry from .yarnrc.yml and keeps its own global cache.
  const install = await manager(
    yarn
      ? ['install']
      : [
          'install',
          `--registry=${registry}`,
          '--prefer-offline',
          ...(packageManager === 'npm' ? ['--no-audit', '--no-fund'] : []),
        ],
  )
  if (install.code !== 0) throw new Error(`${packageManager} install failed in ${dir}:\n${install.output}`)
  const succeed = async (result: Promise<BuildResult>, what: string) => {
    const done = await result
    if (done.code !== 0) throw new Error(`${what} failed in ${dir}:\n${done.output}`)
    return done
  }
  return {
    dir,
    packageManager,
    script: (name, env) => succeed(manager(['run', name], env), `${packageManager} run ${name}`),
    exec: (args, env) => manager(packageManager === 'npm' ? ['exec', '--', ...args] : ['exec', ...args], env),
    async remove() {
      await rm(dir, { recursive: true, force: true })
      if (yarn) await rm(yarn.prefix, { recursive: true, force: true })
    },
  }
}
