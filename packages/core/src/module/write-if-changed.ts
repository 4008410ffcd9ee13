import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../atomic-write.js'

/**
 * Writes `content` unless the file already holds it, and says whether it wrote. Watchers and editors
 * see a change only when there is one, and never a half-written file.
 */
export async function writeIfChanged(file: string, content: string): Promise<boolean> {
  const current = await readFile(file, 'utf8').catch(() => undefined)
  if (current === content) return false
  // Not durable: a generated type file is written again by the next build that finds it stale.
  await writeFileAtomic(file, content, { durable: false })
  return true
}
