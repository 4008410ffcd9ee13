import type { ManifestEntry } from '@imagegen/core/internal'

/** `--only` patterns: an entry name, or a glob of one with `*` and `?`. */
export function selectEntries(
  entries: readonly ManifestEntry[],
  patterns: readonly string[],
): ManifestEntry[] {
  if (patterns.length === 0) return [...entries]
  const matchers = patterns.map(globToRegExp)
  return entries.filter((entry) => matchers.some((matcher) => matcher.test(entry.name)))
}

/** Patterns that match no entry: a typo in `--only` or `--force` should not pass silently. */
export function unmatchedPatterns(entries: readonly ManifestEntry[], patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => selectEntries(entries, [pattern]).length === 0)
}

function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}
