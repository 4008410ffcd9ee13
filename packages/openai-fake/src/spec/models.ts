/**
 * Per-model rules, derived from the Images part of OpenAI's OpenAPI description (spec 2.3.0).
 * The fake is an independent oracle: these tables are written here, not imported from @imagegen/core.
 */

export type Endpoint = 'generations' | 'edits' | 'variations'
export type ModelFamily = 'gpt-image' | 'dall-e-2' | 'dall-e-3' | 'gemini' | 'imagen' | 'fal'

export interface ModelRules {
  family: ModelFamily
  endpoints: readonly Endpoint[]
  /** Longest prompt, in characters. */
  promptMaxLength: number
  /** Fixed sizes, or `flexible` for any WxH within the gpt-image-2 bounds (see sizes.ts). */
  sizes: readonly string[] | 'flexible'
  qualities: readonly string[]
  maxN: number
  /** Images one edit may take. */
  maxEditImages: number
  supportsInputFidelity: boolean
}

const GPT_IMAGE_SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'] as const
const GPT_IMAGE_QUALITIES = ['low', 'medium', 'high', 'auto'] as const

function gptImage(endpoints: readonly Endpoint[], overrides: Partial<ModelRules> = {}): ModelRules {
  return {
    family: 'gpt-image',
    endpoints,
    promptMaxLength: 32_000,
    sizes: GPT_IMAGE_SIZES,
    qualities: GPT_IMAGE_QUALITIES,
    maxN: 10,
    maxEditImages: 16,
    supportsInputFidelity: true,
    ...overrides,
  }
}

export const MODELS: Readonly<Record<string, ModelRules>> = {
  'gpt-image-1': gptImage(['generations', 'edits']),
  'gpt-image-1-mini': gptImage(['generations', 'edits'], { supportsInputFidelity: false }),
  'gpt-image-1.5': gptImage(['generations', 'edits']),
  'gpt-image-2': gptImage(['generations', 'edits'], { sizes: 'flexible' }),
  'gpt-image-2-2026-04-21': gptImage(['generations', 'edits'], { sizes: 'flexible' }),
  // The spec lists it for edits only; generations name the other GPT image models.
  'chatgpt-image-latest': gptImage(['edits']),
  'dall-e-2': {
    family: 'dall-e-2',
    endpoints: ['generations', 'edits', 'variations'],
    promptMaxLength: 1000,
    sizes: ['256x256', '512x512', '1024x1024'],
    qualities: ['standard', 'auto'],
    maxN: 10,
    maxEditImages: 1,
    supportsInputFidelity: false,
  },
  'dall-e-3': {
    family: 'dall-e-3',
    endpoints: ['generations'],
    promptMaxLength: 4000,
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    qualities: ['standard', 'hd', 'auto'],
    maxN: 1,
    maxEditImages: 0,
    supportsInputFidelity: false,
  },
}

export function modelsFor(endpoint: Endpoint): string[] {
  return Object.keys(MODELS).filter((name) => MODELS[name]?.endpoints.includes(endpoint))
}

/** The model used when a request names none. */
export const DEFAULT_MODEL: Readonly<Record<Endpoint, string>> = {
  // "Defaults to dall-e-2 unless a parameter specific to the GPT image models is used" — then the
  // current default GPT image model (the one the edits endpoint defaults to).
  generations: 'dall-e-2',
  edits: 'gpt-image-1.5',
  variations: 'dall-e-2',
}
export const DEFAULT_GPT_IMAGE_MODEL = 'gpt-image-1.5'

/** Parameters only GPT image models take; one of them in a generation without `model` picks a GPT model. */
export const GPT_IMAGE_ONLY_PARAMETERS = [
  'background',
  'moderation',
  'output_format',
  'output_compression',
  'stream',
  'partial_images',
] as const
