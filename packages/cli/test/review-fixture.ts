import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { copyFixture, runImagegen } from './cli-helpers.js'

/**
 * A git repository of the `site` fixture whose committed state has every image stored, and whose
 * working tree changes `banner`'s prompt, removes `card-back`, adds `poster` (generated) and `sketch`
 * (not generated: missing).
 */
export async function reviewRepository(env: Record<string, string>): Promise<string> {
  const cwd = await copyFixture('site')
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd })
  git('init', '-q', '-b', 'main')
  await runOk(['generate'], cwd, env)
  git('add', '.')
  git('commit', '-q', '-m', 'Five images')
  const manifest = join(cwd, 'images.yaml')
  const text = (await readFile(manifest, 'utf8'))
    .replace('A rocky coastline at dawn', 'A rocky coastline at dusk, long shadows')
    .replace(/ {2}card-back:\n.*\n/, '')
  await writeFile(
    manifest,
    `${text}  poster:\n    prompt: A film poster of an otter detective\n  sketch:\n    prompt: A pencil sketch of a kelp forest\n`,
  )
  await runOk(['generate', '--only', 'banner', '--only', 'poster'], cwd, env)
  return cwd
}

async function runOk(args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  const result = await runImagegen(args, { cwd, env })
  if (result.code !== 0) throw new Error(`imagegen ${args.join(' ')} failed: ${result.stderr}`)
}
