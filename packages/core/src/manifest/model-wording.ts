import { imageModels } from '../models/index.js'
import type { ModelRules, RequestField } from '../models/types.js'
import type { Endpoint } from './types.js'
import { orList } from './wording.js'

const ENDPOINT_NAMES = {
  generations: 'generations',
  edits: 'edits (entries with `images:`)',
  variations: 'variations (entries with `variation:`)',
} as const

/** Names a set of models the way a hint reads best: "a GPT image model" for the whole family. */
function describeModels(models: readonly ModelRules[], endpoint: Endpoint): string {
  const gptServing = Object.values(imageModels).filter(
    (model) => model.family === 'gpt-image' && model.endpoints[endpoint],
  )
  const allGpt = gptServing.length > 1 && gptServing.every((model) => models.includes(model))
  const names = models.filter((model) => !(allGpt && model.family === 'gpt-image')).map((model) => model.id)
  return orList(allGpt ? ['a GPT image model', ...names] : names)
}

/** The models of one provider, for a hint. */
export function describeProviderModels(provider: string): string {
  return orList(
    Object.values(imageModels)
      .filter((model) => model.provider === provider)
      .map((model) => model.id),
  )
}

/** "use a GPT image model or dall-e-2": the models of a provider that serve an endpoint (any provider's if it has none). */
export function describeModelsServing(endpoint: Endpoint, provider: string): string {
  const serving = Object.values(imageModels).filter((model) => model.endpoints[endpoint])
  const own = serving.filter((model) => model.provider === provider)
  return describeModels(own.length > 0 ? own : serving, endpoint)
}

/** Which models take a field on an endpoint, or which endpoint the field belongs to. */
export function describeModelsTaking(field: RequestField, endpoint: Endpoint): string {
  const takers = Object.values(imageModels).filter((model) => model.endpoints[endpoint]?.includes(field))
  if (takers.length > 0) return `it is for ${describeModels(takers, endpoint)}`
  const endpoints = (['generations', 'edits', 'variations'] as const).filter((other) =>
    Object.values(imageModels).some((model) => model.endpoints[other]?.includes(field)),
  )
  return `it applies to ${orList(endpoints.map((other) => ENDPOINT_NAMES[other]))} only`
}
