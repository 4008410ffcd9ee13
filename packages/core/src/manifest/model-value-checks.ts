import { COMPRESSIBLE_FORMATS, TRANSPARENT_FORMATS } from '../models/api-values.js'
import { checkSize } from '../models/sizes.js'
import type { ModelRules, RequestField } from '../models/types.js'
import { didYouMean } from './did-you-mean.js'
import { orList, showField } from './wording.js'

export interface ValueProblem {
  problem: string
  hint: string
}

/** The request fields set so far: some rules depend on another field (`output_format`). */
export type FieldValues = ReadonlyMap<RequestField, { value: unknown }>

type ValueCheck = (value: unknown, rules: ModelRules, fields: FieldValues) => ValueProblem | undefined

/** The output format the request ends up with: its own, or the model's default. */
function outputFormat(rules: ModelRules, fields: FieldValues): unknown {
  return fields.get('output_format')?.value ?? rules.defaults.output_format
}

/** Per-model checks of a field's value; a field not listed has no rule beyond the schema's enum. */
export const VALUE_CHECKS: Partial<Record<RequestField, ValueCheck>> = {
  size(value, rules) {
    if (!rules.sizes) return undefined
    const verdict = checkSize(rules.sizes, String(value))
    if (verdict.ok) return undefined
    const reason = verdict.reason ? `: ${verdict.reason}` : ''
    return {
      problem: `${showField('size', value)} is not a size ${rules.id} makes${reason}`,
      hint: verdict.hint,
    }
  },

  n(value, rules) {
    const n = Number(value)
    if (n >= rules.n.min && n <= rules.n.max) return undefined
    const most = rules.n.max === 1 ? '1 image' : `${rules.n.max} images`
    return {
      problem: `${showField('n', value)}: ${rules.id} makes at most ${most} per request`,
      hint:
        rules.n.max === 1
          ? 'use n: 1, or one entry per image'
          : `use n from ${rules.n.min} to ${rules.n.max}`,
    }
  },

  quality(value, rules) {
    if (rules.quality.includes(String(value))) return undefined
    const guess = didYouMean(String(value), rules.quality)
    return {
      problem: `${showField('quality', value)} is not a quality ${rules.id} makes`,
      hint: `use ${orList(rules.quality)}${guess ? ` (did you mean ${guess}?)` : ''}`,
    }
  },

  background(value, rules, fields) {
    const format = outputFormat(rules, fields)
    if (value !== 'transparent' || format === undefined || TRANSPARENT_FORMATS.includes(String(format))) {
      return undefined
    }
    return {
      problem: `\`background: transparent\` needs png or webp output, and output_format is ${format}`,
      hint: `set output_format: png or webp (${format} has no transparency)`,
    }
  },

  output_compression(_, rules, fields) {
    const format = outputFormat(rules, fields)
    if (format === undefined || COMPRESSIBLE_FORMATS.includes(String(format))) return undefined
    return {
      problem: `\`output_compression\` applies to jpeg and webp output, and output_format is ${format}`,
      hint: 'set output_format: jpeg or webp, or remove output_compression',
    }
  },
}

/** A field whose values the model table lists (Google's `aspectRatio`, `imageSize`, …). */
function listedValue(field: RequestField, value: unknown, rules: ModelRules): ValueProblem | undefined {
  const allowed = rules.values?.[field]
  if (!allowed || allowed.includes(String(value))) return undefined
  const guess = didYouMean(String(value), allowed)
  return {
    problem: `${showField(field, value)} is not a value ${rules.id} takes`,
    hint: `use ${orList(allowed)}${guess ? ` (did you mean ${guess}?)` : ''}`,
  }
}

/** The problem with one field's value, for this model and the other fields. */
export function checkFieldValue(
  field: RequestField,
  value: unknown,
  rules: ModelRules,
  fields: FieldValues,
): ValueProblem | undefined {
  return VALUE_CHECKS[field]?.(value, rules, fields) ?? listedValue(field, value, rules)
}

/** The fields whose values break a rule of the model, given all the others. */
export function fieldsWithProblems(fields: FieldValues, rules: ModelRules): Set<RequestField> {
  const broken = new Set<RequestField>()
  for (const [field, { value }] of fields) if (checkFieldValue(field, value, rules, fields)) broken.add(field)
  return broken
}
