import { positionAt, type SourcePosition } from '../errors.js'

/**
 * Where `a.b.c` is written in a config's source: the line and column of the last key, found after each
 * of its parents in turn. A key built at run time (a spread, a computed name) is not in the text, and
 * the error then names the file alone.
 */
export function keyPosition(
  source: string,
  file: string,
  keys: readonly string[],
): SourcePosition | undefined {
  let from = 0
  let at = -1
  for (const key of keys) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(`(?<![\\w$])(['"\`]?)${escaped}\\1\\s*:`, 'g')
    pattern.lastIndex = from
    const match = pattern.exec(source)
    if (!match) return undefined
    at = match.index
    from = match.index + match[0].length
  }
  return at < 0 ? undefined : positionAt(source, file, at)
}
