import { PROVIDERS } from '../providers/registry.js'
import type { ModelPrice } from './types.js'

/** Every provider's table, each kept in its folder and named by its registry line. */
const byKey = new Map(
  PROVIDERS.flatMap((provider) => provider.prices).map((entry) => [
    `${entry.provider}/${entry.model}`,
    entry,
  ]),
)

/** What a model costs, with the source of the figures; undefined when its price is unknown. */
export function findPrice(provider: string, model: string): ModelPrice | undefined {
  return byKey.get(`${provider}/${model}`)
}
