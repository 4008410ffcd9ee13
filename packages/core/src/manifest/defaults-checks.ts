import { ImagegenError } from '../errors.js'
import { DEFAULT_MODEL, findModel } from '../models/index.js'
import type { RequestField } from '../models/types.js'
import { REQUEST_FIELDS } from './entry-draft.js'
import type { Locator } from './locator.js'
import { checkFieldValue } from './model-value-checks.js'
import type { DefaultsFields } from './schema.js'

/**
 * `defaults` are checked against the default model (their own `model:`, else gpt-image-1): a
 * default that model cannot use is a mistake even if no entry happens to use it. Entries of other
 * models simply leave out the defaults that do not fit them (see `draftEntry`).
 */
export function checkDefaults(
  defaults: DefaultsFields,
  invalidModel: boolean,
  locate: Locator,
): ImagegenError[] {
  const rules = invalidModel ? undefined : findModel(defaults.model ?? DEFAULT_MODEL)
  if (!rules) return []
  const takes = new Set(Object.values(rules.endpoints).flat())
  const fields = new Map<RequestField, { value: unknown }>()
  for (const field of REQUEST_FIELDS) {
    if (defaults[field] !== undefined && takes.has(field)) fields.set(field, { value: defaults[field] })
  }
  const issues: ImagegenError[] = []
  for (const [field, { value }] of fields) {
    const problem = checkFieldValue(field, value, rules, fields)
    if (!problem) continue
    const which = defaults.model === undefined ? `, the default model` : ''
    issues.push(
      new ImagegenError('MANIFEST_MODEL_RULE', problem.problem, {
        position: locate.value(['defaults', field]),
        hint: `${problem.hint} (defaults are checked against ${rules.id}${which})`,
      }),
    )
  }
  return issues
}
