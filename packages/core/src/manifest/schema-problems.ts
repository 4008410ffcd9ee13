import type { z } from 'zod'
import type { ImagegenErrorCode } from '../errors.js'
import { didYouMean } from './did-you-mean.js'
import { ENTRY_ONLY_FIELDS, fieldHint } from './field-hints.js'
import type { Place } from './issue-place.js'
import { DEFAULTS_KEYS, ENTRY_KEYS, TOP_LEVEL_KEYS, TRANSFORM_KEYS } from './schema.js'
import { kindOf, orList, showField, showValue } from './wording.js'

/** One problem in imagegen's words, and whether it points at the key or the value. */
export interface Problem {
  code: ImagegenErrorCode
  problem: string
  hint?: string | undefined
  at: 'key' | 'value'
}

const START = 'start with `images:` and one entry per image'

export function typeProblem(expected: string, place: Place): Problem {
  if (place.path.length === 0) {
    const problem =
      place.value === null || place.value === undefined
        ? 'the manifest is empty'
        : `the manifest should be a mapping with \`images:\`, not ${kindOf(place.value)}`
    return { code: 'MANIFEST_TYPE', problem, hint: START, at: 'value' }
  }
  // Only `images` is required; a missing one is the schema's "expected a record, got undefined".
  if (place.value === undefined) {
    return {
      code: 'MANIFEST_TYPE',
      problem: `the manifest has no \`${place.label}:\``,
      hint: START,
      at: 'value',
    }
  }
  if (place.scope === 'entry' && place.field === '') {
    return {
      code: 'MANIFEST_TYPE',
      problem: `entry \`${place.entry}\` should be a mapping of fields, not ${kindOf(place.value)}`,
      hint: `give it at least a prompt: \`${place.entry}: { prompt: … }\``,
      at: 'key',
    }
  }
  const hint = fieldHint(place.scope, place.field)
  // The schema says "number" when a whole-number field gets something that is no number at all.
  // Only for a number: `widths: 480` is a whole number where a list of them belongs.
  const numeric = expected === 'number' || expected === 'int'
  const wanted =
    WHOLE_NUMBER_FIELDS.has(place.field) && numeric
      ? 'a whole number'
      : expected === 'array' && WHOLE_NUMBER_FIELDS.has(place.field)
        ? 'a list of whole numbers'
        : (EXPECTED[expected] ?? expected)
  if (place.value === null) {
    return {
      code: 'MANIFEST_TYPE',
      problem: `\`${place.label}\` has no value`,
      hint: hint ?? `use ${wanted}`,
      at: 'value',
    }
  }
  const problem = `${showField(place.label, place.value)} should be ${wanted}, not ${kindOf(place.value)}`
  return { code: 'MANIFEST_TYPE', problem, hint, at: 'value' }
}

const WHOLE_NUMBER_FIELDS = new Set([
  'n',
  'output_compression',
  'rev',
  'transform.quality',
  'transform.widths',
])

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  int: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  boolean: 'true or false',
}

export function enumProblem(values: readonly unknown[], place: Place): Problem {
  const words = values.map(String)
  const guess = typeof place.value === 'string' ? didYouMean(place.value, words) : undefined
  return {
    code: 'MANIFEST_VALUE',
    problem: `${showField(place.label, place.value)} is not a valid ${place.field}`,
    hint: guess ? `did you mean ${guess}? Use ${orList(words)}` : `use ${orList(words)}`,
    at: 'value',
  }
}

export function formatProblem(place: Place): Problem {
  const shown = showField(place.label, place.value)
  const problem =
    place.field === 'prompt'
      ? '`prompt` has no text'
      : place.field === 'size'
        ? `${shown} is not WIDTHxHEIGHT or auto`
        : `${shown} is not in the expected form`
  return { code: 'MANIFEST_VALUE', problem, hint: fieldHint(place.scope, place.field), at: 'value' }
}

export function rangeProblem(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  place: Place,
): Problem {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum
  const shown = showField(place.label, place.value)
  let problem: string
  if (issue.origin === 'string') problem = `\`${place.label}\` is empty`
  else if (issue.origin === 'array') {
    const count = Array.isArray(place.value) ? place.value.length : 0
    problem =
      count === 0
        ? `\`${place.label}\` is an empty list`
        : `\`${place.label}\` lists ${count} items, more than ${bound}`
  } else if (issue.code === 'too_small') {
    problem =
      issue.inclusive === false ? `${shown} must be more than ${bound}` : `${shown} is less than ${bound}`
  } else {
    problem =
      issue.inclusive === false ? `${shown} must be less than ${bound}` : `${shown} is more than ${bound}`
  }
  return { code: 'MANIFEST_VALUE', problem, hint: fieldHint(place.scope, place.field), at: 'value' }
}

/** An unknown key, at the key: a did-you-mean when one is close, else the keys that mapping takes. */
export function unknownKeyProblem(key: string, place: Place): Problem {
  const { candidates, owner } = mappingOf(place)
  const guess = didYouMean(key, candidates)
  let hint: string
  if (place.path.length === 1 && place.path[0] === 'defaults' && ENTRY_ONLY_FIELDS.includes(key)) {
    hint = `\`${key}\` belongs to one image: set it in the entry, not in defaults`
  } else if (guess) {
    hint = `did you mean \`${guess}\`?`
  } else {
    hint = `${owner} takes ${orList(candidates)}`
  }
  return {
    code: 'MANIFEST_UNKNOWN_KEY',
    problem: `\`${showValue(key)}\` is not a field of ${owner}`,
    hint,
    at: 'key',
  }
}

function mappingOf(place: Place): { candidates: readonly string[]; owner: string } {
  if (place.path.at(-1) === 'transform') return { candidates: TRANSFORM_KEYS, owner: '`transform`' }
  if (place.scope === 'entry') return { candidates: ENTRY_KEYS, owner: 'an entry' }
  if (place.path[0] === 'defaults') return { candidates: DEFAULTS_KEYS, owner: '`defaults`' }
  return { candidates: TOP_LEVEL_KEYS, owner: 'the manifest' }
}
