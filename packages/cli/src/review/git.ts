import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Runs git in `cwd`; its stdout. Large outputs (blame of a long manifest) are allowed. */
export async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  })
  return stdout
}

/** The repository's top folder and the project root's path inside it; undefined outside a repository. */
export async function gitLocation(root: string): Promise<{ top: string; prefix: string } | undefined> {
  try {
    const [top, prefix] = (await git(root, ['rev-parse', '--show-toplevel', '--show-prefix'])).split('\n')
    return top ? { top, prefix: prefix ?? '' } : undefined
  } catch {
    return undefined
  }
}

/**
 * The project root as it was at `revision`, written to a fresh temporary folder. Uses a private index
 * file, so the user's index and work tree are never touched.
 */
export async function checkoutRevision(
  root: string,
  revision: string,
): Promise<{ root: string; dispose: () => Promise<void> }> {
  const location = await gitLocation(root)
  if (!location) throw new Error(`--base ${revision} needs a git repository; ${root} is not in one`)
  const commit = (
    await git(root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).catch(() => '')
  ).trim()
  if (!commit) throw new Error(`--base \`${revision}\` is not a commit in ${location.top}`)
  const dir = await mkdtemp(join(tmpdir(), 'imagegen-review-base-'))
  const env = { GIT_INDEX_FILE: join(dir, '.index') }
  await git(location.top, ['read-tree', commit], env)
  const prefix = location.prefix ? ['--', location.prefix] : []
  const files = (await git(location.top, ['ls-files', '-z', ...prefix], env)).split('\0').filter(Boolean)
  const tree = join(dir, 'tree')
  // checkout-index takes the paths on stdin so a project of any size fits one call.
  await new Promise<void>((resolve, reject) => {
    const child = execFile(
      'git',
      ['checkout-index', '-f', '-z', '--stdin', `--prefix=${tree}/`],
      { cwd: location.top, env: { ...process.env, ...env } },
      (error) => (error ? reject(error) : resolve()),
    )
    child.stdin?.end(files.join('\0'))
  })
  return { root: join(tree, location.prefix), dispose: () => rm(dir, { recursive: true, force: true }) }
}
