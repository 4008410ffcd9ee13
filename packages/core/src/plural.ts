/**
 * `1 entry`, `2 entries`, `0 manifests`: a count with its noun, for every message that counts things.
 * The plural is `noun + s` unless given (`entry` → `entries` is given).
 */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`
}

/** `entry` / `entries`, the usual irregular plural of these messages. */
export function entries(count: number): string {
  return plural(count, 'entry', 'entries')
}
