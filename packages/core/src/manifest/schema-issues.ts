import type { z } from 'zod'
import { ImagegenError } from '../errors.js'
import { fieldHint } from './field-hints.js'
import { type Place, placeOf } from './issue-place.js'
import type { Locator, PathSegment } from './locator.js'
import {
  enumProblem,
  formatProblem,
  type Problem,
  rangeProblem,
  typeProblem,
  unknownKeyProblem,
} from './schema-problems.js'
import { showField } from './wording.js'

/**
 * Turns the schema library's issues into imagegen's errors: our own words, the value as written,
 * a hint, and the position of the key or value. Invalid entry names are left to `entry-names.ts`.
 */
export function schemaIssuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  locate: Locator,
): ImagegenError[] {
  return issues.flatMap((issue) => {
    const place = placeOf(issue.path as PathSegment[], data)
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) =>
        toError(unknownKeyProblem(key, place), { ...place, path: [...place.path, key] }, locate),
      )
    }
    const problem = problemOf(issue, place)
    return problem ? [toError(problem, place, locate)] : []
  })
}

function problemOf(issue: z.core.$ZodIssue, place: Place): Problem | undefined {
  switch (issue.code) {
    case 'invalid_key':
      return undefined
    case 'invalid_type':
      return typeProblem(issue.expected, place)
    case 'invalid_value':
      return enumProblem(issue.values, place)
    case 'invalid_format':
      return formatProblem(place)
    case 'too_small':
    case 'too_big':
      return rangeProblem(issue, place)
    default:
      return {
        code: 'MANIFEST_VALUE',
        problem: `${showField(place.label, place.value)} is not valid here`,
        hint: fieldHint(place.scope, place.field),
        at: 'value',
      }
  }
}

function toError({ code, problem, hint, at }: Problem, place: Place, locate: Locator): ImagegenError {
  return new ImagegenError(code, problem, {
    position: at === 'key' ? locate.key(place.path) : locate.value(place.path),
    ...(place.entry === undefined ? {} : { entry: place.entry }),
    ...(hint === undefined ? {} : { hint }),
  })
}
