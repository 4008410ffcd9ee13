import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Logger } from '../src/logger.js'
import { recipeKey } from '../src/recipe/canonical-json.js'

const fixtures = fileURLToPath(new URL('./store-fixtures/', import.meta.url))
const sources = fileURLToPath(new URL('../src/', import.meta.url))
const compiledRoot = fileURLToPath(new URL('../node_modules/.cache/imagegen-test-sources/', import.meta.url))
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The recipe a test stores under `keyOf(label)`: the store computes every key again from its recipe. */
export function recipeOf(label: string): { label: string } {
  return { label }
}

/** The key of `recipeOf(label)`, so tests read `keyOf('hero')`. */
export function keyOf(label: string): string {
  return recipeKey(recipeOf(label))
}

/** A sha256 in hex: a blob's name. */
export function hashOf(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
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

/**
 * Child processes cannot import TypeScript on Node 20, so each test file that starts them compiles the
 * sources once (types stripped, nothing bundled) into node_modules/.cache, where `zod` and the other
 * dependencies still resolve. Returns the getter of the compiled store module's URL.
 */
export function useCompiledStore(): () => string {
  let outDir: string | undefined
  beforeAll(async () => {
    await mkdir(compiledRoot, { recursive: true })
    outDir = await mkdtemp(compiledRoot)
    await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n')
    const files = (await readdir(sources, { recursive: true })).filter((file) => /(?<!\.d)\.ts$/.test(file))
    for (const file of files) {
      const { outputText } = ts.transpileModule(await readFile(join(sources, file), 'utf8'), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
      })
      const target = join(outDir, file.replace(/\.ts$/, '.js'))
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, outputText)
    }
  })
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })
  return () => {
    if (!outDir) throw new Error('useCompiledStore(): the sources are compiled in beforeAll')
    return pathToFileURL(join(outDir, 'store', 'index.js')).href
  }
}

const running = new Set<ChildProcess>()
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})

/** Runs a script of store-fixtures/ with `node`; it imports the store from `storeModule`. */
export function runFixture(storeModule: string, script: string, args: string[]): Child {
  const child = spawn(process.execPath, [join(fixtures, script), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, IMAGEGEN_STORE_MODULE: storeModule },
  })
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
