import { DEFAULT_MODEL, findModel } from '../models/index.js'
import type { ModelRules, RequestField } from '../models/types.js'
import { findProvider } from '../providers/registry.js'
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
  /** The API the entry goes to: its model's, else the one written, else openai. */
  provider: string
  /** `provider:` as written for this entry (its own, or the default's when the model is the default's too). */
  writtenProvider: Sourced<string> | undefined
  /** `style_prompt`, where the entry has a prompt and the style is not empty. */
  style: Sourced<string> | undefined
  /** `reference_images` as written, where the model takes them on this endpoint. */
  references: Sourced<string[]> | undefined
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
  'aspectRatio',
  'imageSize',
  'personGeneration',
  'image_size',
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
  const writtenProvider = resolveWrittenProvider(name, entry, defaults)
  const model = resolveModel(name, entry, defaults, invalidModel, writtenProvider)
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
    provider: rules?.provider ?? writtenProvider?.value ?? 'openai',
    writtenProvider,
    style: endpoint === 'variations' ? undefined : styleOf(name, entry, defaults),
    references: rules?.referenceEndpoints?.includes(endpoint)
      ? referencesOf(name, entry, defaults)
      : undefined,
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

/**
 * The entry's own `provider:`, or the default one unless the entry names its own model (a model's
 * provider is known, so `defaults.provider` only speaks for the models it stands beside).
 */
function resolveWrittenProvider(
  name: string,
  entry: EntryFields,
  defaults: DefaultsFields,
): Sourced<string> | undefined {
  if (entry.provider !== undefined)
    return { value: entry.provider, path: ['images', name, 'provider'], fromDefaults: false }
  if (defaults.provider !== undefined && entry.model === undefined)
    return { value: defaults.provider, path: ['defaults', 'provider'], fromDefaults: true }
  return undefined
}

function resolveModel(
  name: string,
  entry: EntryFields,
  defaults: DefaultsFields,
  invalidModel: boolean,
  provider: Sourced<string> | undefined,
): Sourced<string> | undefined {
  if (invalidModel) return undefined
  if (entry.model !== undefined)
    return { value: entry.model, path: ['images', name, 'model'], fromDefaults: false }
  // An entry's own `provider:` that the default model does not belong to picks that provider's default model.
  const ownProvider = provider && !provider.fromDefaults ? provider.value : undefined
  if (defaults.model !== undefined) {
    const modelProvider = findModel(defaults.model)?.provider ?? defaults.provider ?? 'openai'
    if (ownProvider === undefined || ownProvider === modelProvider)
      return { value: defaults.model, path: ['defaults', 'model'], fromDefaults: true }
  }
  const fallback = (provider && findProvider(provider.value)?.defaultModel) ?? DEFAULT_MODEL
  return { value: fallback, path: provider?.path ?? ['images', name], fromDefaults: true }
}

function styleOf(name: string, entry: EntryFields, defaults: DefaultsFields): Sourced<string> | undefined {
  const own = entry.style_prompt !== undefined
  const value = own ? entry.style_prompt : defaults.style_prompt
  if (value === undefined || value.trim() === '') return undefined
  return {
    value,
    path: own ? ['images', name, 'style_prompt'] : ['defaults', 'style_prompt'],
    fromDefaults: !own,
  }
}

function referencesOf(
  name: string,
  entry: EntryFields,
  defaults: DefaultsFields,
): Sourced<string[]> | undefined {
  const own = entry.reference_images !== undefined
  const value = own ? entry.reference_images : defaults.reference_images
  if (value === undefined || value.length === 0) return undefined
  return {
    value,
    path: own ? ['images', name, 'reference_images'] : ['defaults', 'reference_images'],
    fromDefaults: !own,
  }
}

/** The request the entry sends: the model, the prompt and every field it or `defaults` set. */
export function requestOf(draft: EntryDraft): ImageRequest {
  const request: ImageRequest = { model: draft.model?.value ?? DEFAULT_MODEL }
  if (draft.prompt) request.prompt = draft.prompt.value
  for (const [field, sourced] of draft.fields) Object.assign(request, { [field]: sourced.value })
  return request
}
