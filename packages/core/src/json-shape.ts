/*
 * Checks of the JSON that imagegen reads back from its own files (store records, derivative cache
 * indexes) by the hundred on every warm build. Written out here rather than with the schema library
 * that validates manifests: loading that library costs a bundler process ~80 ms, more than all of a
 * warm build's own work, and these shapes are small and fixed.
 */

/** What is wrong with a value at `path` (`outputs.0.width: expected …`), or undefined when nothing is. */
export type Shape = (value: unknown, path: string) => string | undefined

function expect(test: (value: unknown) => boolean, what: string): Shape {
  return (value, path) => (test(value) ? undefined : `${path || 'root'}: expected ${what}`)
}

export function string(pattern?: RegExp): Shape {
  return expect(
    (value) => typeof value === 'string' && (!pattern || pattern.test(value)),
    pattern ? `a string matching ${pattern}` : 'a string',
  )
}

/** A whole number of at least `min`. */
export function integer(min: number): Shape {
  return expect((value) => Number.isInteger(value) && (value as number) >= min, `an integer ≥ ${min}`)
}

export function oneOf(values: readonly unknown[]): Shape {
  return expect(
    (value) => values.includes(value),
    `one of ${values.map((each) => JSON.stringify(each)).join(', ')}`,
  )
}

export const jsonObject: Shape = expect(isJsonObject, 'an object')

export function optional(shape: Shape): Shape {
  return (value, path) => (value === undefined ? undefined : shape(value, path))
}

export function array(item: Shape, minItems = 0): Shape {
  return (value, path) => {
    if (!Array.isArray(value) || value.length < minItems) {
      return `${path || 'root'}: expected an array of at least ${minItems} item${minItems === 1 ? '' : 's'}`
    }
    for (const [index, each] of value.entries()) {
      const problem = item(each, `${path ? `${path}.` : ''}${index}`)
      if (problem) return problem
    }
    return undefined
  }
}

/** An object with these fields; others are allowed and ignored, as a newer writer may add some. */
export function object(fields: Readonly<Record<string, Shape>>): Shape {
  return (value, path) => {
    if (!isJsonObject(value)) return `${path || 'root'}: expected an object`
    for (const [name, shape] of Object.entries(fields)) {
      const problem = shape(value[name], path ? `${path}.${name}` : name)
      if (problem) return problem
    }
    return undefined
  }
}

/** One of several object shapes, chosen by the value's `kind`. */
export function byKind(shapes: Readonly<Record<string, Shape>>): Shape {
  return (value, path) => {
    const kind = isJsonObject(value) ? value.kind : undefined
    const shape = typeof kind === 'string' && Object.hasOwn(shapes, kind) ? shapes[kind] : undefined
    if (!shape) return `${path ? `${path}.` : ''}kind: expected one of ${Object.keys(shapes).join(', ')}`
    return shape(value, path)
  }
}

/** JSON text to a value, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
