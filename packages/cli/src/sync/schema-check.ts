import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import type { Manifest } from '@imagegen/core'

const SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m
/** The schema ships in the package a project installs directly, so the path exists under npm, pnpm and yarn. */
const SCHEMA_EXPORT = 'unplugin-imagegen/images.schema.json'

/**
 * A manifest's `# yaml-language-server: $schema=…` that names a file which is not there: editors then
 * quietly lose completion. One line per manifest, with the path that would work.
 */
export async function schemaProblems(root: string, manifests: readonly Manifest[]): Promise<string[]> {
  const installed = installedSchema(root)
  const problems: string[] = []
  for (const { file } of manifests) {
    const text = await readFile(file, 'utf8')
    const match = SCHEMA_COMMENT.exec(text)
    const value = match?.[1]
    if (!match || !value || /^[a-z][a-z\d+.-]*:/i.test(value) || existsSync(resolve(dirname(file), value)))
      continue
    const before = text.slice(0, match.index + match[0].indexOf('$schema'))
    const line = before.split('\n').length
    const column = before.length - before.lastIndexOf('\n')
    const fix = installed
      ? `use $schema=${relative(dirname(file), installed)}`
      : 'install unplugin-imagegen, which ships the schema, and point $schema at its dist/images.schema.json'
    problems.push(`${relative(root, file)}:${line}:${column}  $schema=${value} does not exist — ${fix}`)
  }
  return problems
}

function installedSchema(root: string): string | undefined {
  try {
    return createRequire(join(root, 'package.json')).resolve(SCHEMA_EXPORT)
  } catch {
    return undefined
  }
}
