import { type ChildProcess, spawn } from 'node:child_process'
import { cp, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js')
export const FAKE_KEY = 'fake-key-imagegen-cli-SECRET-5f0c1e'

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `imagegen` as a child process, as a user's shell or CI would. */
export function runImagegen(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void },
): Promise<CliResult> {
  return runNode([CLI, ...args], options)
}

/**
 * A Node script as a child process (the CLI, or a bundler's or compiler's own), in a clean
 * environment: no CI, no key, no colour, unless the test sets them.
 */
export function runNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
    options.onSpawn?.(child)
  })
}

/** A copy of a fixture project in a fresh temporary folder. */
export async function copyFixture(name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `imagegen-cli-${name}-`))
  await cp(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name), root, { recursive: true })
  return root
}

/** Every file under a folder, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort()
}
