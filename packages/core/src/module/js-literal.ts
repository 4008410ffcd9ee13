/** A piece of JavaScript to write as it is, not as a JSON value. */
export class Expression {
  constructor(readonly code: string) {}
}

export type LiteralValue =
  | string
  | number
  | boolean
  | Expression
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue | undefined }

/**
 * JavaScript source for a value: JSON where it can be, expressions where they are given. Keys keep
 * their insertion order and `undefined` properties are left out, so the same value is always the same text.
 */
export function jsLiteral(value: LiteralValue, indent = ''): string {
  if (value instanceof Expression) return value.code
  if (typeof value !== 'object') return JSON.stringify(value)
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((item) => `${inner}${jsLiteral(item, inner)},`).join('\n')}\n${indent}]`
  }
  const lines = Object.entries(value)
    .filter((pair): pair is [string, LiteralValue] => pair[1] !== undefined)
    .map(([key, item]) => `${inner}${propertyName(key)}: ${jsLiteral(item, inner)},`)
  return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)
}
