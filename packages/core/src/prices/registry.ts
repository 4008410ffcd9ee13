import { OPENAI_PRICES } from './openai.js'
import type { ModelPrice } from './types.js'

/** Every provider's tables; a provider adds its own list here. */
const TABLES: readonly (readonly ModelPrice[])[] = [OPENAI_PRICES]

const byKey = new Map(TABLES.flat().map((entry) => [`${entry.provider}/${entry.model}`, entry]))

/** What a model costs, with the source of the figures; undefined when its price is unknown. */
export function findPrice(provider: string, model: string): ModelPrice | undefined {
  return byKey.get(`${provider}/${model}`)
}
