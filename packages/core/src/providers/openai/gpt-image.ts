import { MASK, MiB } from '../../models/input-rules.js'
import type { InputRule, ModelRules, RequestField, SizeRule } from '../../models/types.js'

/** GPT image models read png, webp or jpg files under 50 MB, up to 16 of them. */
const GPT_IMAGE_INPUTS: InputRule = {
  formats: ['png', 'jpeg', 'webp'],
  maxBytes: 50 * MiB,
  maxCount: 16,
  square: false,
}

const STANDARD_SIZES = ['1024x1024', '1536x1024', '1024x1536']

export const GPT_IMAGE_SIZES: SizeRule = { kind: 'list', sizes: [...STANDARD_SIZES, 'auto'] }

/**
 * gpt-image-2 takes any WIDTHxHEIGHT: edges multiples of 16, aspect ratio within 3:1, at most
 * 3840x2160, experimental above 2560x1440 (all from the spec). The spec defers the exact pixel and
 * edge limits to "the model's current limits"; the figures here are OpenAI's image-generation guide's:
 * 655,360 to 8,294,400 pixels (3840 × 2160), no edge over 3840.
 */
export const GPT_IMAGE_2_SIZES: SizeRule = {
  kind: 'flexible',
  auto: true,
  suggested: [...STANDARD_SIZES, '2048x1152', '3840x2160', 'auto'],
  multipleOf: 16,
  maxEdge: 3840,
  minPixels: 655_360,
  maxPixels: 3840 * 2160,
  maxAspectRatio: 3,
  experimentalAbovePixels: 2560 * 1440,
}

const GENERATION_FIELDS: readonly RequestField[] = [
  'n',
  'size',
  'quality',
  'background',
  'output_format',
  'output_compression',
  'moderation',
]

interface GptImageOptions {
  /** chatgpt-image-latest is listed for edits only in spec 2.3.0. */
  generations: boolean
  /** `input_fidelity` on edits: gpt-image-1, gpt-image-1.5 and later, not gpt-image-1-mini. */
  inputFidelity: boolean
  sizes: SizeRule
}

/**
 * The GPT image models share every limit but sizes, input fidelity and generations. Edits go out as
 * multipart, whose body does not take `moderation` (only the JSON edit body does), so an edit entry
 * cannot set it: better a positioned manifest error than a request refused at generation time.
 */
const EDIT_FIELDS = GENERATION_FIELDS.filter((field) => field !== 'moderation')

export function gptImageModel(id: string, options: GptImageOptions): ModelRules {
  const editFields: readonly RequestField[] = options.inputFidelity
    ? [...EDIT_FIELDS, 'input_fidelity']
    : EDIT_FIELDS
  return {
    id,
    provider: 'openai',
    family: 'gpt-image',
    endpoints: options.generations
      ? { generations: GENERATION_FIELDS, edits: editFields }
      : { edits: editFields },
    streams: true,
    sizes: options.sizes,
    n: { min: 1, max: 10 },
    quality: ['low', 'medium', 'high', 'auto'],
    promptMaxLength: 32_000,
    defaults: {
      n: 1,
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      output_format: 'png',
      // Only sent with jpeg or webp output.
      output_compression: 100,
      ...(options.generations ? { moderation: 'auto' } : {}),
      ...(options.inputFidelity ? { input_fidelity: 'low' } : {}),
    },
    editImages: GPT_IMAGE_INPUTS,
    // The edits endpoint takes several input images: references join the entry's own.
    referenceEndpoints: ['edits'],
    mask: MASK,
  }
}
