/**
 * The enum values the Images API defines for each request field, whatever the model
 * (per-model subsets live in the model table). Derived from the OpenAPI description, spec 2.3.0.
 */
export const QUALITIES = ['low', 'medium', 'high', 'auto', 'standard', 'hd'] as const
export const BACKGROUNDS = ['transparent', 'opaque', 'auto'] as const
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const
export const MODERATIONS = ['low', 'auto'] as const
export const STYLES = ['vivid', 'natural'] as const
export const INPUT_FIDELITIES = ['high', 'low'] as const

/** Google's values (Gemini and Imagen together; per-model subsets live in the model table). */
export const ASPECT_RATIOS = [
  '1:1',
  '2:3',
  '3:2',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
] as const
export const IMAGE_SIZES = ['1K', '2K', '4K'] as const
export const PERSON_GENERATIONS = ['dont_allow', 'allow_adult', 'allow_all'] as const

/** fal's image size presets. */
export const FAL_IMAGE_SIZES = [
  'square_hd',
  'square',
  'portrait_4_3',
  'portrait_16_9',
  'landscape_4_3',
  'landscape_16_9',
] as const

/** `n` for every endpoint and model: 1 to 10 (dall-e-3 narrows it to 1). */
export const N_RANGE = { min: 1, max: 10 } as const

/** The output formats that carry an alpha channel, so `background: transparent` can work. */
export const TRANSPARENT_FORMATS: readonly string[] = ['png', 'webp']

/** The output formats `output_compression` applies to. */
export const COMPRESSIBLE_FORMATS: readonly string[] = ['jpeg', 'webp']
