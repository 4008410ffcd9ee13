import type { Scope } from './field-hints.js'
import type { PathSegment } from './locator.js'

/** Where a schema issue stands, read from its path. */
export interface Place {
  path: PathSegment[]
  scope: Scope
  entry: string | undefined
  /** The field path inside the scope without list indexes: `transform.widths`. */
  field: string
  /** How a message names it: `transform.widths[0]`. */
  label: string
  value: unknown
}

export function placeOf(path: PathSegment[], data: unknown): Place {
  // `defaults` and `images` themselves are top-level fields; what is inside them belongs to their scope.
  const scope: Scope =
    path.length < 2 ? 'top' : path[0] === 'defaults' ? 'defaults' : path[0] === 'images' ? 'entry' : 'top'
  const inner = scope === 'entry' ? path.slice(2) : scope === 'defaults' ? path.slice(1) : path
  return {
    path,
    scope,
    entry: scope === 'entry' ? String(path[1]) : undefined,
    field: inner.filter((segment) => typeof segment === 'string').join('.'),
    label: inner
      .map((segment, index) =>
        typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${segment}`,
      )
      .join(''),
    value: valueAt(data, path),
  }
}

/** The value at a path of plain data; undefined where the path leads nowhere. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined
    current = (current as Record<PathSegment, unknown>)[segment]
  }
  return current
}
