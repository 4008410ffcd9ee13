import { MiB } from '../../models/input-rules.js'
import type { InputRule, ModelRules } from '../../models/types.js'

/**
 * Google's image models on the Gemini API (ai.google.dev). Gemini image models answer
 * `generateContent` with image parts and read input images as inline parts; Imagen answers `predict`
 * and reads no images. Both are sized by aspect ratio (and Gemini 3 Pro / Imagen Standard and Ultra
 * by `imageSize`), never by pixels. Fields keep Google's names; prices are in `prices.ts`.
 */

const GEMINI_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9']
const IMAGEN_ASPECT_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9']
const PERSON_GENERATION = ['dont_allow', 'allow_adult', 'allow_all']

/** Inline image parts: png, jpeg or webp, the whole request under 20 MB. */
function geminiInputs(maxCount: number): InputRule {
  return { formats: ['png', 'jpeg', 'webp'], maxBytes: 20 * MiB, maxCount, square: false }
}

function gemini(id: string, options: { imageSizes?: string[]; maxInputs: number }): ModelRules {
  const fields = options.imageSizes
    ? (['n', 'aspectRatio', 'imageSize'] as const)
    : (['n', 'aspectRatio'] as const)
  return {
    id,
    provider: 'google',
    family: 'gemini-image',
    // An edit is the same call with the images as parts; Gemini has no masks and no variations.
    endpoints: { generations: fields, edits: fields },
    values: {
      aspectRatio: GEMINI_ASPECT_RATIOS,
      ...(options.imageSizes ? { imageSize: options.imageSizes } : {}),
    },
    // One image per call: generateContent's `candidateCount` is not offered for image output.
    n: { min: 1, max: 1 },
    quality: [],
    promptMaxLength: 32_000,
    defaults: { n: 1, ...(options.imageSizes ? { imageSize: '1K' } : {}) },
    editImages: geminiInputs(options.maxInputs),
    referenceEndpoints: ['generations', 'edits'],
  }
}

function imagen(id: string, options: { imageSizes?: string[] }): ModelRules {
  const fields = options.imageSizes
    ? (['n', 'aspectRatio', 'imageSize', 'personGeneration'] as const)
    : (['n', 'aspectRatio', 'personGeneration'] as const)
  return {
    id,
    provider: 'google',
    family: 'imagen',
    endpoints: { generations: fields },
    values: {
      aspectRatio: IMAGEN_ASPECT_RATIOS,
      personGeneration: PERSON_GENERATION,
      ...(options.imageSizes ? { imageSize: options.imageSizes } : {}),
    },
    // `sampleCount` in the request: imagegen's `n`, one to four.
    n: { min: 1, max: 4 },
    quality: [],
    // Imagen reads 480 tokens; about four characters a token in English.
    promptMaxLength: 1_920,
    defaults: {
      n: 1,
      aspectRatio: '1:1',
      personGeneration: 'allow_adult',
      ...(options.imageSizes ? { imageSize: '1K' } : {}),
    },
  }
}

export const googleModels: Readonly<Record<string, ModelRules>> = Object.freeze({
  'gemini-2.5-flash-image': gemini('gemini-2.5-flash-image', {
    maxInputs: 3,
  }),
  'gemini-3-pro-image-preview': gemini('gemini-3-pro-image-preview', {
    imageSizes: ['1K', '2K', '4K'],
    maxInputs: 14,
  }),
  'imagen-4.0-generate-001': imagen('imagen-4.0-generate-001', {
    imageSizes: ['1K', '2K'],
  }),
  'imagen-4.0-ultra-generate-001': imagen('imagen-4.0-ultra-generate-001', {
    imageSizes: ['1K', '2K'],
  }),
  'imagen-4.0-fast-generate-001': imagen('imagen-4.0-fast-generate-001', {}),
})
