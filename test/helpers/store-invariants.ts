import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

const EXTENSIONS: Record<string, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif', avif: 'avif' }

/**
 * What must hold of a store whatever happened to the processes writing it: every visible recipe parses,
 * and every blob it names exists and hashes to its name. Returns the problems found (none is good).
 */
export async function storeProblems(storeDir: string): Promise<string[]> {
  const problems: string[] = []
  const recipes = await readdir(join(storeDir, 'recipes')).catch(() => [] as string[])
  // Only finished recipes are visible: a writer's `.tmp-…` files are invisible to readers by design.
  for (const name of recipes.filter((file) => /^[0-9a-f]{64}\.json$/.test(file))) {
    let record: { key?: string; outputs?: { blob: string; format: string }[] }
    try {
      record = JSON.parse(await readFile(join(storeDir, 'recipes', name), 'utf8'))
    } catch (error) {
      problems.push(`${name}: does not parse (${(error as Error).message})`)
      continue
    }
    if (`${record.key}.json` !== name) problems.push(`${name}: holds key ${record.key}`)
    for (const output of record.outputs ?? []) {
      const file = join(storeDir, 'blobs', `${output.blob}.${EXTENSIONS[output.format] ?? output.format}`)
      const bytes = await readFile(file).catch(() => undefined)
      if (!bytes) problems.push(`${name}: blob ${output.blob} is missing`)
      else if (createHash('sha256').update(bytes).digest('hex') !== output.blob) {
        problems.push(`${name}: blob ${output.blob} does not hash to its name`)
      }
    }
  }
  return problems
}

/** Keys of the visible recipes. */
export async function storedKeys(storeDir: string): Promise<string[]> {
  const recipes = await readdir(join(storeDir, 'recipes')).catch(() => [] as string[])
  return recipes.filter((file) => /^[0-9a-f]{64}\.json$/.test(file)).map((file) => file.slice(0, 64))
}
