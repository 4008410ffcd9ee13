import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Cheap `defaults` lines for each provider's fake API. */
export const CHEAP_DEFAULTS = {
  openai: ['  model: gpt-image-1', '  quality: low', '  size: 1024x1024'],
  google: ['  model: imagen-4.0-fast-generate-001'],
  fal: ['  model: fal-ai/flux/schnell', '  image_size: square'],
} as const

/** DALL·E 2 at 256x256: the fake draws them fastest, so a run measures what is around the drawing. */
export const SMALL_DALL_E = ['  model: dall-e-2', '  size: 256x256'] as const

export type Provider = keyof typeof CHEAP_DEFAULTS

export const PROVIDERS = Object.keys(CHEAP_DEFAULTS) as Provider[]

/** A manifest of `count` small entries (gpt-image-1 unless told) named `image-1` … `image-N`. */
export function manyEntries(
  count: number,
  prefix = 'An otter, study number',
  defaults: readonly string[] = CHEAP_DEFAULTS.openai,
): string {
  const lines = ['defaults:', ...defaults, '', 'images:']
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
