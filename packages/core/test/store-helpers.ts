import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import type { Logger } from '../src/logger.js'

const fixtures = fileURLToPath(new URL('./store-fixtures/', import.meta.url))
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** A key (or blob hash) derived from a label, so tests read `keyOf('hero')`. */
export function keyOf(label: string): string {
  return createHash('sha256').update(label).digest('hex')
}

/** Bytes the store takes for a PNG (it never decodes them); the same as store-fixtures/fake-image.mjs. */
export function fakePng(size: number, seed: string | number): Buffer {
  const body = Buffer.alloc(size)
  const block = createHash('sha256').update(String(seed)).digest()
  for (let offset = 0; offset < size; offset += block.length) block.copy(body, offset)
  return Buffer.concat([PNG_SIGNATURE, body])
}

/** A fresh directory per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imagegen-store-'))
    made.push(dir)
    return dir
  }
}

export interface RecordingLogger extends Logger {
  warnings: string[]
  infos: string[]
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = []
  const infos: string[] = []
  return {
    warnings,
    infos,
    info: (message) => infos.push(message),
    warn: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
  }
}

export interface Child {
  process: ChildProcess
  /** Resolves with the first stdout line that starts with `prefix`; rejects if the child exits first. */
  line(prefix: string): Promise<string>
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>
  stderr(): string
}

const running = new Set<ChildProcess>()
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})

/** Runs a script of store-fixtures/ with `node`, able to import the TypeScript sources. */
export function runFixture(script: string, args: string[]): Child {
  const child = spawn(
    process.execPath,
    ['--import', join(fixtures, 'register-typescript.mjs'), join(fixtures, script), ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  running.add(child)
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const lines: string[] = []
  const waiters: { prefix: string; resolve: (line: string) => void }[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line)
    for (const waiter of waiters.filter((w) => line.startsWith(w.prefix))) waiter.resolve(line)
  })
  const exited = new Promise<number | string>((resolve) => {
    // 'close', not 'exit': by then every line the child printed has been read.
    child.on('close', (code, signal) => {
      running.delete(child)
      resolve(code ?? signal ?? -1)
    })
  })
  return {
    process: child,
    exited,
    stderr: () => stderr,
    line: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find((line) => line.startsWith(prefix))
        if (seen !== undefined) return resolve(seen)
        waiters.push({ prefix, resolve })
        void exited.then((code) =>
          reject(new Error(`${script} exited (${code}) before "${prefix}":\n${stderr}`)),
        )
      }),
  }
}
