import type { PriceTable } from './types.js'

/** Published per-image prices (USD) for gpt-image-1. `auto` quality or size has no fixed price. */
export const GPT_IMAGE_1_PRICES: PriceTable = {
  source: 'published',
  usdPerImage: {
    low: { '1024x1024': 0.011, '1024x1536': 0.016, '1536x1024': 0.016 },
    medium: { '1024x1024': 0.042, '1024x1536': 0.063, '1536x1024': 0.063 },
    high: { '1024x1024': 0.167, '1024x1536': 0.25, '1536x1024': 0.25 },
  },
}

/**
 * DALL·E prices as OpenAI has long listed them; not in the reference material this project checks
 * against, so marked as estimates for budgeting only.
 */
export const DALL_E_2_PRICES: PriceTable = {
  source: 'estimate',
  usdPerImage: {
    standard: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 },
    auto: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 },
  },
}

export const DALL_E_3_PRICES: PriceTable = {
  source: 'estimate',
  usdPerImage: {
    standard: { '1024x1024': 0.04, '1792x1024': 0.08, '1024x1792': 0.08 },
    hd: { '1024x1024': 0.08, '1792x1024': 0.12, '1024x1792': 0.12 },
  },
}
