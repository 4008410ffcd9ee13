import { spawn } from 'node:child_process'

export interface NodeResult {
  code: number | null
  stdout: string
  stderr: string
}

/** A Node script as a child process (a bundler's or compiler's CLI), with a clean environment. */
export function runNode(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<NodeResult> {
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
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
