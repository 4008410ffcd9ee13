import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'

export interface Served {
  url: string
  close(): Promise<void>
}

/** A plain static file server over a built folder, as any static host would serve it. */
export async function serveStatic(dir: string): Promise<Served> {
  const server = createServer(sirv(dir, { dev: true, extensions: ['html'] }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * A long-running command of the project (`vite preview`, `vite`) on loopback, ready once it prints
 * its local URL. Ended by its own pid when closed.
 */
export function startServerCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Served> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const close = async () => {
    child.kill()
    await closed
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('did not print a local URL within 60 s'), 60_000)
    function fail(why: string) {
      clearTimeout(timer)
      child.kill()
      reject(new Error(`${command} ${args.join(' ')} ${why}:\n${output}`))
    }
    const read = (chunk: Buffer) => {
      output += chunk
      const url = output.match(/http:\/\/127\.0\.0\.1:\d+\/\S*/)?.[0]
      if (url) {
        clearTimeout(timer)
        resolve({ url, close })
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('close', (code) => fail(`exited with ${code}`))
  })
}
