import type { Endpoint, ImageRequest } from '../manifest/types.js'
import { PROVIDERS } from '../providers/registry.js'
import { COMPRESSIBLE_FORMATS } from './api-values.js'
import type { ModelRules, RequestDefaults } from './types.js'

export * from './api-values.js'
export { checkSize, describeSizes, type SizeVerdict } from './sizes.js'
export type * from './types.js'

/**
 * The model an entry uses when neither it nor `defaults` names one. gpt-image-1 rather than the
 * API's own default (gpt-image-1.5 for edits, dall-e-2 for generations): one model for every mode
 * the manifest does without a `model:` line, and the one with published prices.
 */
export const DEFAULT_MODEL = 'gpt-image-1'

/** Every model imagegen knows, by id, from every provider's table: limits, defaults and prices. */
export const imageModels: Readonly<Record<string, ModelRules>> = Object.freeze(
  Object.assign({}, ...PROVIDERS.map((provider) => provider.models)),
)

/** The rules of a model imagegen knows; undefined for any other (a compatible server's, a newer one). */
export function findModel(id: string): ModelRules | undefined {
  return Object.hasOwn(imageModels, id) ? imageModels[id] : undefined
}

/**
 * The defaults the API applies to the fields a model accepts on an endpoint (empty if it serves none).
 * `output_compression` is only a default where it applies: give the request, and it is kept for jpeg
 * or webp output; without one, the output is the default png and it is left out.
 */
export function modelDefaults(
  model: ModelRules,
  endpoint: Endpoint,
  request: Partial<ImageRequest> = {},
): RequestDefaults {
  const accepted = model.endpoints[endpoint] ?? []
  const format = request.output_format ?? model.defaults.output_format
  const compresses = format !== undefined && COMPRESSIBLE_FORMATS.includes(format)
  return Object.fromEntries(
    Object.entries(model.defaults).filter(
      ([field]) => accepted.includes(field as never) && (field !== 'output_compression' || compresses),
    ),
  )
}

/** The endpoints a model serves, in a stable order. */
export function endpointsOf(model: ModelRules): Endpoint[] {
  return (['generations', 'edits', 'variations'] as const).filter((endpoint) => model.endpoints[endpoint])
}
