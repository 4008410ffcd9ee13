import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(packageDir, 'dist', 'cli.js')

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name)
      return entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs
    }),
  )
}

// The bin runs from dist; build it when it is missing or older than the sources.
beforeAll(() => {
  const built = (() => {
    try {
      return statSync(cli).mtimeMs
    } catch {
      return 0
    }
  })()
  if (built < newestSource(join(packageDir, 'src')))
    execFileSync('pnpm', ['build'], { cwd: packageDir, stdio: 'ignore' })
}, 120_000)

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, stdout: () => stdout, stderr: () => stderr }
}

describe('imagegen-openai-fake (bin)', () => {
  it('prints the base URL, serves requests with the given latency, logs them, and exits on SIGTERM', async () => {
    const bin = run(['--latency', '200'])
    await expect
      .poll(() => bin.stdout(), { timeout: 20_000 })
      .toMatch(/OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v1\n/)
    const url = /OPENAI_BASE_URL=(\S+)/.exec(bin.stdout())?.[1]
    const started = Date.now()
    const response = await fetch(`${url}/images/generations`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-1', prompt: 'from the bin', quality: 'low' }),
    })
    expect(response.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(195)
    await expect.poll(() => bin.stderr()).toContain('POST /v1/images/generations 200 gpt-image-1')
    bin.child.kill('SIGTERM')
    expect(await bin.exited).toBe(0)
  })

  it('listens on --port and exits on SIGINT', async () => {
    const bin = run(['--port', '0', '--host', '127.0.0.1', '--quiet'])
    await expect.poll(() => bin.stdout(), { timeout: 20_000 }).toContain('OPENAI_BASE_URL=')
    bin.child.kill('SIGINT')
    expect(await bin.exited).toBe(0)
    expect(bin.stderr()).toBe('')
  })

  it('prints usage for --help and fails on a bad option', async () => {
    const help = run(['--help'])
    expect(await help.exited).toBe(0)
    expect(help.stdout()).toContain('Usage: imagegen-openai-fake')
    const bad = run(['--latency', 'soon'])
    expect(await bad.exited).toBe(1)
    expect(bad.stderr()).toContain('--latency')
  })
})
