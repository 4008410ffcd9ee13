import type { z } from 'zod'
import type { PathSegment } from './locator.js'

/**
 * The fields the schema refused, so that later checks skip them instead of piling a second,
 * confusing error on the first. An entry (`['images', name]`) that is not a mapping is broken whole;
 * inside an entry or `defaults`, a field is broken as a whole when anything under it is.
 */
export class BrokenFields {
  readonly #paths = new Set<string>()

  constructor(issues: readonly z.core.$ZodIssue[]) {
    for (const issue of issues) {
      const path = issue.path as PathSegment[]
      if (issue.code === 'invalid_key') continue
      const depth = path[0] === 'images' ? 3 : path[0] === 'defaults' ? 2 : 1
      if (issue.code === 'unrecognized_keys' && path.length < depth) {
        for (const key of issue.keys) this.#paths.add(JSON.stringify([...path, key]))
      } else {
        this.#paths.add(JSON.stringify(path.slice(0, depth)))
      }
    }
  }

  has(path: readonly PathSegment[]): boolean {
    return this.#paths.has(JSON.stringify(path))
  }
}
