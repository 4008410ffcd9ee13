import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { positionAt, type SourcePosition } from '@imagegen/core/internal'

type TsconfigParser = typeof import('get-tsconfig').parseTsconfig
export type TsconfigJson = import('get-tsconfig').TsConfigJsonResolved

/** A tsconfig as get-tsconfig resolves it, or the line that says why it cannot be read and the fix. */
type ReadTsconfig = { config: TsconfigJson } | { problem: string }

/**
 * A tsconfig with its `extends` chain resolved. get-tsconfig throws `File '<name>' not found.` when
 * `extends` names a base that is not installed (or a path that is wrong): that becomes one problem
 * naming the tsconfig, the position of that `extends` value when the file itself names it, and the fix.
 */
export async function readTsconfig(root: string, file: string, parse: TsconfigParser): Promise<ReadTsconfig> {
  try {
    return { config: parse(file) }
  } catch (error) {
    const message = (error as Error).message
    const missing = /^File '(.+)' not found\.$/.exec(message)?.[1]
    const where = relative(root, file)
    if (!missing) return { problem: `${where} cannot be read: ${message}` }
    const position = await extendsPosition(file, missing)
    const named = position
      ? `${where}:${position.line}:${position.column}  "extends": "${missing}"`
      : `${where} extends a tsconfig whose "extends": "${missing}"`
    const isPath = /^\.{0,2}\//.test(missing)
    const fix = isPath
      ? `no such file: fix the path in "extends"`
      : `it is not installed: npm install --save-dev ${packageName(missing)} (or pnpm add -D / yarn add -D), or fix "extends"`
    return { problem: `${named} names no file — ${fix}` }
  }
}

/** Where the `extends` value (a string, or one of an array's) equal to `name` is written. */
async function extendsPosition(file: string, name: string): Promise<SourcePosition | undefined> {
  const { findNodeAtLocation, parseTree } = await import('jsonc-parser')
  const text = readFileSync(file, 'utf8')
  const tree = parseTree(text, [], { allowTrailingComma: true })
  const node = tree && findNodeAtLocation(tree, ['extends'])
  const value = [node, ...(node?.children ?? [])].find(
    (item) => item?.type === 'string' && item.value === name,
  )
  return value && positionAt(text, file, value.offset)
}

/** `@scope/name` or `name`, from a module specifier such as `@tsconfig/node20/tsconfig.json`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}
