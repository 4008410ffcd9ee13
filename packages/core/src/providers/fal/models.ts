import type { ModelRules, PriceTable } from '../../models/types.js'

/**
 * Text-to-image apps on fal (fal.ai), by app id. Each app publishes its own input schema; these are
 * the fields imagegen sends, named as fal names them. Prices are fal's model pages' (late 2025):
 * FLUX is billed by the megapixel, so each `image_size` preset gets its own figure.
 */

const ALL_SIZES = ['square_hd', 'square', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3', 'landscape_16_9']
const MEGAPIXELS: Readonly<Record<string, number>> = {
  square_hd: 1.05,
  square: 0.27,
  portrait_4_3: 0.79,
  portrait_16_9: 0.59,
  landscape_4_3: 0.79,
  landscape_16_9: 0.59,
}

function perMegapixel(usd: number): PriceTable {
  const bySize = Object.fromEntries(
    ALL_SIZES.map((size) => [size, Math.ceil(usd * (MEGAPIXELS[size] ?? 1) * 1000) / 1000]),
  )
  return { source: 'estimate', columnField: 'image_size', usdPerImage: { auto: bySize } }
}

function perImage(usd: number): PriceTable {
  return { source: 'estimate', columnField: 'image_size', usdPerImage: { auto: { auto: usd } } }
}

function falApp(
  id: string,
  family: string,
  options: { maxImages: number; defaultSize: string; formats?: string[]; prices: PriceTable },
): ModelRules {
  const formats = options.formats
  const fields = formats ? (['n', 'image_size', 'output_format'] as const) : (['n', 'image_size'] as const)
  return {
    id,
    provider: 'fal',
    family,
    endpoints: { generations: fields },
    values: { image_size: ALL_SIZES, ...(formats ? { output_format: formats } : {}) },
    n: { min: 1, max: options.maxImages },
    quality: [],
    promptMaxLength: 10_000,
    defaults: { n: 1, image_size: options.defaultSize, ...(formats ? { output_format: formats[0] } : {}) },
    prices: options.prices,
  }
}

/** What every FLUX app on fal shares: up to 4 images, 4:3 landscape unless asked, JPEG or PNG. */
const FLUX = { maxImages: 4, defaultSize: 'landscape_4_3', formats: ['jpeg', 'png'] }

export const falModels: Readonly<Record<string, ModelRules>> = Object.freeze({
  'fal-ai/flux/dev': falApp('fal-ai/flux/dev', 'flux', { ...FLUX, prices: perMegapixel(0.025) }),
  'fal-ai/flux/schnell': falApp('fal-ai/flux/schnell', 'flux', { ...FLUX, prices: perMegapixel(0.003) }),
  'fal-ai/flux-pro/v1.1': falApp('fal-ai/flux-pro/v1.1', 'flux', { ...FLUX, prices: perMegapixel(0.04) }),
  'fal-ai/recraft/v3/text-to-image': falApp('fal-ai/recraft/v3/text-to-image', 'recraft', {
    maxImages: 1,
    defaultSize: 'square_hd',
    prices: perImage(0.04),
  }),
  'fal-ai/ideogram/v3': falApp('fal-ai/ideogram/v3', 'ideogram', {
    maxImages: 4,
    defaultSize: 'square_hd',
    prices: perImage(0.06),
  }),
})
