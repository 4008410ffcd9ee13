import type { ModelPrice, PriceSource } from '../../prices/types.js'
import { IMAGE_SIZE_PIXELS } from './models.js'

const PRICING_PAGE = 'https://fal.ai/pricing'

/**
 * fal bills FLUX by the megapixel, "rounding up to the nearest megapixel" (fal's FLUX.1 [dev] page).
 * A megapixel is taken as 1,000,000 pixels, so `square_hd` (1024×1024) is priced as two: the estimate
 * errs high if fal counts it as one.
 */
function perMegapixel(model: string, usd: number, source: PriceSource): ModelPrice {
  const bySize = Object.fromEntries(
    Object.entries(IMAGE_SIZE_PIXELS).map(([size, pixels]) => [size, usd * Math.ceil(pixels / 1_000_000)]),
  )
  return {
    provider: 'fal',
    model,
    source,
    price: { kind: 'image', columnField: 'image_size', usdPerImage: { auto: bySize } },
  }
}

function perImage(model: string, usd: number, note: string): ModelPrice {
  return {
    provider: 'fal',
    model,
    source: { url: PRICING_PAGE, checked: 'unverified', note },
    price: { kind: 'image', columnField: 'image_size', usdPerImage: { auto: { auto: usd } } },
  }
}

/** fal's apps imagegen knows, priced as fal bills them (USD). */
export const FAL_PRICES: readonly ModelPrice[] = [
  perMegapixel('fal-ai/flux/dev', 0.025, {
    url: 'https://fal.ai/models/fal-ai/flux-1/dev/playground',
    checked: '2026-12-02',
    note: "Read on fal's page of FLUX.1 [dev] (app fal-ai/flux-1/dev, the model fal-ai/flux/dev serves): $0.025 per megapixel, rounded up to the nearest megapixel.",
  }),
  perMegapixel('fal-ai/flux/schnell', 0.003, {
    url: PRICING_PAGE,
    checked: 'unverified',
    note: "Not read on fal's page: $0.003 per megapixel as fal's price lists are copied elsewhere (FLUX.1 [schnell]); billed like FLUX.1 [dev].",
  }),
  perMegapixel('fal-ai/flux-pro/v1.1', 0.055, {
    url: PRICING_PAGE,
    checked: 'unverified',
    note: "Not read on fal's page; copies of fal's prices disagree ($0.04 an image, $0.055 per megapixel): the dearer is kept.",
  }),
  perImage(
    'fal-ai/recraft/v3/text-to-image',
    0.04,
    "Not read on fal's page: $0.04 an image as copies of fal's prices list it; vector styles (not sent by imagegen) cost twice that.",
  ),
  perImage(
    'fal-ai/ideogram/v3',
    0.06,
    "Not read on fal's page: $0.06 an image at the default BALANCED speed (TURBO $0.03, QUALITY $0.09), as fal prices its Ideogram V3 custom-model app.",
  ),
]
