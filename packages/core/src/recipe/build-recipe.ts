import type { ManifestEntry } from '../manifest/types.js'
import { findModel, modelDefaults } from '../models/index.js'
import { RECIPE_VERSION, type Recipe } from './types.js'

export type HashInput = (absolutePath: string) => Promise<string>

/**
 * An entry as the normalised request its key is computed from. The API's defaults are filled in first,
 * so leaving a field out and writing its default give one key; imagegen's own presentation fields
 * (`alt`, `transform`, `placeholder`) are left out, so changing them never regenerates.
 */
export async function buildRecipe(entry: ManifestEntry, hashInput: HashInput): Promise<Recipe> {
  const model = findModel(entry.request.model)
  const defaults = model ? modelDefaults(model, entry.endpoint) : {}
  const request = { n: 1, ...defaults, ...withoutUndefined(entry.request) }
  const inputs: Recipe['inputs'] = {}
  if (entry.images.length > 0) {
    inputs.images = await Promise.all(entry.images.map((image) => hashInput(image.absolutePath)))
  }
  if (entry.mask) inputs.mask = await hashInput(entry.mask.absolutePath)
  if (entry.variation) inputs.variation = await hashInput(entry.variation.absolutePath)
  return {
    version: RECIPE_VERSION,
    provider: 'openai',
    endpoint: entry.endpoint,
    request,
    inputs,
    rev: entry.rev,
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T
}
