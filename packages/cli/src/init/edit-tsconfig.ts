import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The tsconfig that covers the site's sources: create-vite keeps them in `tsconfig.app.json` and a
 * `tsconfig.json` of references; every other template in `tsconfig.json`. Undefined for a JS project.
 */
export function findTsconfig(root: string): string | undefined {
  return ['tsconfig.app.json', 'tsconfig.json'].find((name) => existsSync(join(root, name)))
}

/**
 * `compilerOptions.allowArbitraryExtensions: true`, which lets TypeScript read the `images.d.yaml.ts`
 * beside each manifest as the types of `./images.yaml`. An edit of the JSON-with-comments text, so the
 * template's comments stay; undefined when it is already set; throws when the file does not parse.
 */
export async function allowArbitraryExtensions(text: string, file: string): Promise<string | undefined> {
  const { applyEdits, modify, parse } = await import('jsonc-parser')
  const errors: import('jsonc-parser').ParseError[] = []
  const config = parse(text, errors, { allowTrailingComma: true }) as
    | { compilerOptions?: { allowArbitraryExtensions?: unknown } }
    | undefined
  if (errors.length > 0 || typeof config !== 'object' || config === null) {
    throw new Error(`${file} does not parse as JSON with comments`)
  }
  if (config.compilerOptions?.allowArbitraryExtensions === true) return undefined
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  '
  const edits = modify(text, ['compilerOptions', 'allowArbitraryExtensions'], true, {
    formattingOptions: {
      insertSpaces: !indent.includes('\t'),
      tabSize: indent.includes('\t') ? 1 : indent.length,
    },
  })
  return applyEdits(text, edits)
}
