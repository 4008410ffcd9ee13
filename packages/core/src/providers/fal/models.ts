import type { ModelRules } from '../../models/types.js'

/**
 * Text-to-image apps on fal (fal.ai), by app id. Each app publishes its own input schema; these are
 * the fields imagegen sends, named as fal names them (their prices are in `prices.ts`).
 */

/** fal's `image_size` presets, in pixels (width × height). */
export const IMAGE_SIZE_PIXELS: Readonly<Record<string, number>> = {
  square_hd: 1024 * 1024,
  square: 512 * 512,
  portrait_4_3: 768 * 1024,
  portrait_16_9: 576 * 1024,
  landscape_4_3: 1024 * 768,
  landscape_16_9: 1024 * 576,
}

const ALL_SIZES = Object.keys(IMAGE_SIZE_PIXELS)

function falApp(
  id: string,
  family: string,
  options: { maxImages: number; defaultSize: string; formats?: string[] },
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
  }
}

/** What every FLUX app on fal shares: up to 4 images, 4:3 landscape unless asked, JPEG or PNG. */
const FLUX = { maxImages: 4, defaultSize: 'landscape_4_3', formats: ['jpeg', 'png'] }

export const falModels: Readonly<Record<string, ModelRules>> = Object.freeze({
  'fal-ai/flux/dev': falApp('fal-ai/flux/dev', 'flux', FLUX),
  'fal-ai/flux/schnell': falApp('fal-ai/flux/schnell', 'flux', FLUX),
  'fal-ai/flux-pro/v1.1': falApp('fal-ai/flux-pro/v1.1', 'flux', FLUX),
  'fal-ai/recraft/v3/text-to-image': falApp('fal-ai/recraft/v3/text-to-image', 'recraft', {
    maxImages: 1,
    defaultSize: 'square_hd',
  }),
  'fal-ai/ideogram/v3': falApp('fal-ai/ideogram/v3', 'ideogram', {
    maxImages: 4,
    defaultSize: 'square_hd',
  }),
})
