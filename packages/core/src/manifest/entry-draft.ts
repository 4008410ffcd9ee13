import { COMPRESSIBLE_FORMATS } from '../models/api-values.js'
import { DEFAULT_MODEL, findModel } from '../models/index.js'
import type { ModelRules, RequestField } from '../models/types.js'
import type { PathSegment } from './locator.js'
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

const REQUEST_FIELDS: readonly RequestField[] = [
  'n',
  'size',
  'quality',
  'background',
  'output_format',
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
 * A default applies only where it fits: a field the entry's model does not take on this endpoint
 * (`style` for a gpt-image-1 entry, `quality` for a variation) is left out instead of being an error,
 * so one `defaults:` can serve entries of different models and modes. A value that does not fit
 * (`quality: medium` for dall-e-3) is still an error, at the default, naming the entry.
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
  const accepted = rules ? (rules.endpoints[endpoint] ?? []) : REQUEST_FIELDS
  const fields: EntryDraft['fields'] = new Map()
  for (const field of REQUEST_FIELDS) {
    if (entry[field] !== undefined) {
      fields.set(field, { value: entry[field], path: ['images', name, field], fromDefaults: false })
    } else if (defaults[field] !== undefined && accepted.includes(field)) {
      fields.set(field, { value: defaults[field], path: ['defaults', field], fromDefaults: true })
    }
  }
  dropUnusedCompression(fields, rules)
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

/** A default `output_compression` is for the entries that make jpeg or webp; png ones just do not use it. */
function dropUnusedCompression(fields: EntryDraft['fields'], rules: ModelRules | undefined): void {
  const compression = fields.get('output_compression')
  const format = fields.get('output_format')?.value ?? rules?.defaults.output_format
  if (compression?.fromDefaults && typeof format === 'string' && !COMPRESSIBLE_FORMATS.includes(format)) {
    fields.delete('output_compression')
  }
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
