/** Edit distance between two strings (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** `outputFormat`, `Output-Format` and `output_format` are the same word to a reader. */
function normalise(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '')
}

/**
 * The candidate closest to what was written, if it is close enough to be a likely typo:
 * the same word in another case or separator style, or within a third of its length in edits.
 */
export function didYouMean(written: string, candidates: readonly string[]): string | undefined {
  // Long inputs are not typos of short keys, and comparing them would cost time for nothing.
  if (written.length > 64) return undefined
  const target = normalise(written)
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = levenshtein(target, normalise(candidate))
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const allowed = Math.max(1, Math.floor(target.length / 3))
  return bestDistance <= allowed ? best : undefined
}
