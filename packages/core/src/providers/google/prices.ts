import type { ModelPrice } from '../../prices/types.js'

const PRICING_PAGE = 'https://ai.google.dev/gemini-api/docs/pricing'

/**
 * Google's figures were not read on its pricing page itself (no copy of it could be read on
 * 2026-12-02): they are marked `unverified`, each note naming where the page is quoted.
 */
function perImage(model: string, bySize: Readonly<Record<string, number>>, note: string): ModelPrice {
  return {
    provider: 'google',
    model,
    source: { url: PRICING_PAGE, checked: 'unverified', note },
    // These models have no quality: the row is `auto`, the column the request's `imageSize`.
    price: { kind: 'image', columnField: 'imageSize', usdPerImage: { auto: bySize } },
  }
}

const QUOTED_IN_FORUM =
  "as Google's pricing page is quoted at discuss.ai.google.dev/t/101173 (the page fetched by Gemini's URL tool)"

const IMAGEN = `Imagen 4 on the paid tier: $0.02 an image Fast, $0.04 Standard, $0.06 Ultra, ${QUOTED_IN_FORUM}.`

/** Google's image models on the Gemini API, per image (USD). */
export const GOOGLE_PRICES: readonly ModelPrice[] = [
  perImage(
    'gemini-2.5-flash-image',
    { auto: 0.039 },
    `Image output at $30 per 1M tokens, 1290 tokens an image up to 1024x1024: $0.039 an image, ${QUOTED_IN_FORUM}.`,
  ),
  perImage(
    'gemini-3-pro-image-preview',
    { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
    "Image output at $120 per 1M tokens, 'equivalent to $0.134 per 1K/2K image and $0.24 per 4K image', as github.com/api-evangelist/gemini (plans/gemini-plans-pricing.yml) transcribes the page it read on 2026-09-20.",
  ),
  perImage('imagen-4.0-generate-001', { '1K': 0.04, '2K': 0.04 }, IMAGEN),
  perImage('imagen-4.0-ultra-generate-001', { '1K': 0.06, '2K': 0.06 }, IMAGEN),
  perImage('imagen-4.0-fast-generate-001', { auto: 0.02 }, IMAGEN),
]
