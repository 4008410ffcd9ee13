import type { Endpoint, ImageRequest } from '../manifest/types.js'
import { COMPRESSIBLE_FORMATS } from './api-values.js'
import { dallE2, dallE3 } from './dall-e.js'
import { GPT_IMAGE_2_SIZES, GPT_IMAGE_SIZES, gptImageModel } from './gpt-image.js'
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

const gptImage2 = gptImageModel('gpt-image-2', {
  generations: true,
  inputFidelity: true,
  sizes: GPT_IMAGE_2_SIZES,
})

/** Every model imagegen knows, by id: the spec's limits and the API's defaults (prices are in prices/). */
export const imageModels: Readonly<Record<string, ModelRules>> = Object.freeze({
  'gpt-image-1': gptImageModel('gpt-image-1', {
    generations: true,
    inputFidelity: true,
    sizes: GPT_IMAGE_SIZES,
  }),
  'gpt-image-1-mini': gptImageModel('gpt-image-1-mini', {
    generations: true,
    inputFidelity: false,
    sizes: GPT_IMAGE_SIZES,
  }),
  'gpt-image-1.5': gptImageModel('gpt-image-1.5', {
    generations: true,
    inputFidelity: true,
    sizes: GPT_IMAGE_SIZES,
  }),
  'gpt-image-2': gptImage2,
  'gpt-image-2-2026-04-21': { ...gptImage2, id: 'gpt-image-2-2026-04-21' },
  'chatgpt-image-latest': gptImageModel('chatgpt-image-latest', {
    generations: false,
    inputFidelity: true,
    sizes: GPT_IMAGE_SIZES,
  }),
  'dall-e-2': dallE2,
  'dall-e-3': dallE3,
})

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
