import { randomBytes } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ImagegenError } from '../errors.js'

type Transpile = (source: string, file: string) => string | Promise<string>

/**
 * Imports a TypeScript config. Node strips types itself from 22.18 (and 22.6 with a flag); before
 * that, the project's own `typescript` or `esbuild` turns it into JavaScript, which is imported
 * from a file beside the original so that its relative imports still resolve.
 */
export async function importTypeScript(file: string, root: string, version: string): Promise<unknown> {
  if ((process.features as { typescript?: unknown }).typescript)
    return import(`${pathToFileURL(file).href}?v=${version}`)
  const transpile = await findTranspiler(root)
  if (!transpile) {
    throw new ImagegenError(
      'CONFIG',
      `${basename(file)} needs Node 22.18 or later, or \`typescript\` or \`esbuild\` installed in the project, to be loaded`,
      { hint: 'rename it to imagegen.config.mjs (the options are the same)' },
    )
  }
  const code = await transpile(await readFile(file, 'utf8'), file)
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.mjs`)
  await writeFile(temp, code)
  try {
    return await import(pathToFileURL(temp).href)
  } finally {
    await rm(temp, { force: true })
  }
}

async function findTranspiler(root: string): Promise<Transpile | undefined> {
  const require = createRequire(join(root, 'package.json'))
  const load = async (name: string): Promise<Record<string, unknown> | undefined> => {
    try {
      return (await import(pathToFileURL(require.resolve(name)).href)) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
  const typescript = (await load('typescript')) as { default?: TypeScriptApi } | undefined
  const ts = typescript?.default
  if (ts?.transpileModule) {
    return (source, fileName) =>
      ts.transpileModule(source, {
        fileName,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText
  }
  const esbuild = (await load('esbuild')) as EsbuildApi | undefined
  if (esbuild?.transform) {
    return async (source, sourcefile) =>
      (await esbuild.transform(source, { loader: 'ts', format: 'esm', sourcefile })).code
  }
  return undefined
}

interface TypeScriptApi {
  transpileModule(
    source: string,
    options: { fileName: string; compilerOptions: Record<string, unknown> },
  ): { outputText: string }
  ModuleKind: { ESNext: number }
  ScriptTarget: { ES2022: number }
}

interface EsbuildApi {
  transform(source: string, options: Record<string, unknown>): Promise<{ code: string }>
}
