/** `a, b or c`: how hints list the values that would be right. */
export function orList(items: readonly (string | number)[]): string {
  const words = items.map(String)
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`
}

const MAX_SHOWN = 40

/**
 * A manifest value as a message shows it: scalars as written in YAML, collections summarised,
 * long or multi-line strings cut, so a 1 MB prompt never becomes a 1 MB error.
 */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return value.length === 0 ? '[]' : '[…]'
  if (typeof value === 'object') return value instanceof Uint8Array ? '!!binary …' : '{…}'
  const text = String(value).replace(/\s+/g, ' ')
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
}

/** `` `key: value` ``, the way a problem names what it is about. */
export function showField(key: string, value: unknown): string {
  return `\`${key}: ${showValue(value)}\``
}

/** What kind of thing a value is, for "should be a list, not …". */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Uint8Array) return 'binary data'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return 'text'
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number'
  if (typeof value === 'boolean') return value ? '`true`' : '`false`'
  return typeof value
}
