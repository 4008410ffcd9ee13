import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A manifest of `count` small gpt-image-1 entries named `image-1` … `image-N`. */
export function manyEntries(count: number, prefix = 'An otter, study number'): string {
  const lines = ['defaults:', '  model: gpt-image-1', '  quality: low', '  size: 1024x1024', '', 'images:']
  for (let index = 1; index <= count; index++)
    lines.push(`  image-${index}:`, `    prompt: ${prefix} ${index}`)
  return `${lines.join('\n')}\n`
}

/** A fresh project folder holding the given files. */
export async function createProject(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-e2e-'))
  for (const [name, content] of Object.entries(files)) await writeFile(join(root, name), content)
  return root
}
