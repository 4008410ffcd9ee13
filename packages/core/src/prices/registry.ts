import { PROVIDERS } from '../providers/registry.js'
import { OPENAI_PRICES } from './openai.js'
import type { ModelPrice } from './types.js'

/** Where the per-image estimates kept beside other providers' models come from. */
const MODEL_TABLE_SOURCES: Readonly<Record<string, string>> = {
  google: 'https://ai.google.dev/gemini-api/docs/pricing',
  fal: 'https://fal.ai/pricing',
}

/**
 * Per-image figures kept with a provider's model rules (Google's, fal's): estimates to plan with, as
 * those pages listed them, not re-read on the day OpenAI's tables were.
 */
function modelTablePrices(): ModelPrice[] {
  return PROVIDERS.flatMap((provider) =>
    Object.values(provider.models).flatMap((model): ModelPrice[] => {
      if (!model.prices || findOpenAI(model.id)) return []
      const { columnField, usdPerImage } = model.prices
      return [
        {
          provider: model.provider,
          model: model.id,
          source: {
            url: MODEL_TABLE_SOURCES[model.provider] ?? '',
            checked: 'unverified',
            note: 'an estimate to plan with, not a quote',
          },
          price: { kind: 'image', usdPerImage, ...(columnField ? { columnField } : {}) },
        },
      ]
    }),
  )
}

function findOpenAI(model: string): boolean {
  return OPENAI_PRICES.some((entry) => entry.model === model)
}

/** Every provider's tables; a provider adds its own list here. */
const TABLES: readonly (readonly ModelPrice[])[] = [OPENAI_PRICES, modelTablePrices()]

const byKey = new Map(TABLES.flat().map((entry) => [`${entry.provider}/${entry.model}`, entry]))

/** What a model costs, with the source of the figures; undefined when its price is unknown. */
export function findPrice(provider: string, model: string): ModelPrice | undefined {
  return byKey.get(`${provider}/${model}`)
}
