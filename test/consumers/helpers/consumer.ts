import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildResult, run } from '../../helpers/examples.js'

export type PackageManager = 'npm' | 'pnpm'

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
  // --prefer-offline: the shared npm cache and pnpm store answer for everything already fetched once.
  const install = await run(
    packageManager,
    [
      'install',
      `--registry=${registry}`,
      '--prefer-offline',
      ...(packageManager === 'npm' ? ['--no-audit', '--no-fund'] : []),
    ],
    { cwd: dir },
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
    script: (name, env) =>
      succeed(run(packageManager, ['run', name], { cwd: dir, env }), `${packageManager} run ${name}`),
    exec: (args, env) =>
      run(packageManager, packageManager === 'npm' ? ['exec', '--', ...args] : ['exec', ...args], {
        cwd: dir,
        env,
      }),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
