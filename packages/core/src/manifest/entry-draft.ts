import { DEFAULT_MODEL, findModel } from '../models/index.js'
import type { ModelRules, RequestField } from '../models/types.js'
import type { PathSegment } from './locator.js'
import { fieldsWithProblems } from './model-value-checks.js'
import type { DefaultsFields, EntryFields } from './schema.js'
import type { Endpoint, ImageRequest, Transform } from './types.js'

/** A value of the merged entry and the field that set it, so a rule broken by a default points at `defaults`. */
export interface Sourced<T> {
  value: T
  path: PathSegment[]
  fromDefaults: boolean
}

/** An entry with `defaults` merged in, before per-model checks and input files. */
export interface EntryDraft {
  name: string
  endpoint: Endpoint
  /** Undefined when `model` itself was invalid: then no per-model rule is checked. */
  model: Sourced<string> | undefined
  rules: ModelRules | undefined
  fields: Map<RequestField, Sourced<ImageRequest[RequestField]>>
  prompt: Sourced<string> | undefined
  /** Keys the entry wrote, valid or not: what decides the mode and what is "missing". */
  written: ReadonlySet<string>
  entry: EntryFields
  transform: Transform
}

/** Request fields in the order defaults are applied: `output_format` before the fields that depend on it. */
export const REQUEST_FIELDS: readonly RequestField[] = [
  'n',
  'size',
  'quality',
  'output_format',
  'background',
  'output_compression',
  'moderation',
  'style',
  'input_fidelity',
]

/** The mode follows the entry: `variation:` makes variations, `images:` an edit, a prompt alone a generation. */
export function endpointOf(written: ReadonlySet<string>): Endpoint {
  if (written.has('variation')) return 'variations'
  if (written.has('images')) return 'edits'
  return 'generations'
}

/**
 * Merges `defaults` into an entry. The entry wins field by field; `transform` merges one level
 * deep (an entry's `widths` replaces the default `widths`; the default `format` stays unless the
 * entry sets its own).
 *
 * A default applies only where it fits, so one `defaults:` serves entries of different models and
 * modes: it is left out of an entry whose model does not take the field on this endpoint (`style`
 * for gpt-image-1, `quality` for a variation), or not that value (`quality: medium` for dall-e-2),
 * or whose own fields it would break (a default `output_format: jpeg` beside the entry's
 * `background: transparent`). The defaults themselves are checked against the default model
 * (`defaults-checks.ts`); an entry with an unknown model takes every default.
 */
export function draftEntry(
  name: string,
  entry: EntryFields,
  written: ReadonlySet<string>,
  defaults: DefaultsFields,
  invalidModel: boolean,
): EntryDraft {
  const endpoint = endpointOf(written)
  const model = resolveModel(name, entry, defaults, invalidModel)
  const rules = model && findModel(model.value)
  const fields: EntryDraft['fields'] = new Map()
  for (const field of REQUEST_FIELDS) {
    if (entry[field] !== undefined) {
      fields.set(field, { value: entry[field], path: ['images', name, field], fromDefaults: false })
    }
  }
  for (const field of REQUEST_FIELDS) {
    const value = defaults[field]
    if (entry[field] !== undefined || value === undefined) continue
    const candidate: Sourced<typeof value> = { value, path: ['defaults', field], fromDefaults: true }
    if (!rules || defaultFits(field, candidate, fields, rules, endpoint)) fields.set(field, candidate)
  }
  return {
    name,
    endpoint,
    model,
    rules,
    fields,
    prompt:
      entry.prompt === undefined
        ? undefined
        : { value: entry.prompt, path: ['images', name, 'prompt'], fromDefaults: false },
    written,
    entry,
    transform: { ...defaults.transform, ...entry.transform },
  }
}

/** Whether a default can join the entry's fields without breaking a rule that held without it. */
function defaultFits(
  field: RequestField,
  candidate: Sourced<ImageRequest[RequestField]>,
  fields: EntryDraft['fields'],
  rules: ModelRules,
  endpoint: Endpoint,
): boolean {
  if (!rules.endpoints[endpoint]?.includes(field)) return false
  const before = fieldsWithProblems(fields, rules)
  const after = fieldsWithProblems(new Map([...fields, [field, candidate]]), rules)
  return [...after].every((broken) => before.has(broken))
}

function resolveModel(
  name: string,
  entry: EntryFields,
  defaults: DefaultsFields,
  invalidModel: boolean,
): Sourced<string> | undefined {
  if (invalidModel) return undefined
  if (entry.model !== undefined)
    return { value: entry.model, path: ['images', name, 'model'], fromDefaults: false }
  if (defaults.model !== undefined)
    return { value: defaults.model, path: ['defaults', 'model'], fromDefaults: true }
  return { value: DEFAULT_MODEL, path: ['images', name], fromDefaults: true }
}

/** The request the entry sends: the model, the prompt and every field it or `defaults` set. */
export function requestOf(draft: EntryDraft): ImageRequest {
  const request: ImageRequest = { model: draft.model?.value ?? DEFAULT_MODEL }
  if (draft.prompt) request.prompt = draft.prompt.value
  for (const [field, sourced] of draft.fields) Object.assign(request, { [field]: sourced.value })
  return request
}
