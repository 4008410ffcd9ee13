import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyEdits, modify, type ParseError, parse } from 'jsonc-parser'

const FILE = 'tsconfig.json'

/**
 * The types imagegen writes beside each manifest (`images.d.yaml.ts`) are read by TypeScript only
 * under `allowArbitraryExtensions`; without it, `tsc`, `next build` and `astro check` fail with TS6263.
 * A framework integration sets it in the project's `tsconfig.json` (comments and layout kept), as Next
 * sets its own required options, and says so. A value the project already gives is left alone.
 * Returns what it did, for the integration to log.
 */
export function allowArbitraryExtensions(root: string, integration: string): string | undefined {
  const file = join(root, FILE)
  if (!existsSync(file)) return undefined
  const fix = `set "compilerOptions": { "allowArbitraryExtensions": true } in ${file} yourself, or pass dts: false to ${integration}`
  const text = readFileSync(file, 'utf8')
  const errors: ParseError[] = []
  const tsconfig = parse(text, errors, { allowTrailingComma: true }) as
    | { compilerOptions?: { allowArbitraryExtensions?: unknown } }
    | undefined
  if (errors.length > 0 || typeof tsconfig !== 'object' || tsconfig === null) {
    throw new Error(`${integration}: cannot read ${file} to set allowArbitraryExtensions: ${fix}`)
  }
  if (tsconfig.compilerOptions?.allowArbitraryExtensions !== undefined) return undefined
  const edits = modify(text, ['compilerOptions', 'allowArbitraryExtensions'], true, {
    formattingOptions: { insertSpaces: true, tabSize: 2 },
  })
  try {
    writeFileSync(file, applyEdits(text, edits))
  } catch (error) {
    throw new Error(`${integration}: cannot write ${file} (${(error as Error).message}): ${fix}`)
  }
  return `${integration}: set compilerOptions.allowArbitraryExtensions in ${FILE}, which TypeScript needs to read the types of images.yaml`
}
