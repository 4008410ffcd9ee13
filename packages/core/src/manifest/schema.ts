import { z } from 'zod'
import {
  ASPECT_RATIOS,
  BACKGROUNDS,
  FAL_IMAGE_SIZES,
  IMAGE_SIZES,
  INPUT_FIDELITIES,
  MODERATIONS,
  N_RANGE,
  OUTPUT_FORMATS,
  PERSON_GENERATIONS,
  QUALITIES,
  STYLES,
} from '../models/api-values.js'
import { PROVIDER_NAMES, PROVIDERS_DESCRIBED } from '../providers/registry.js'
import { ENTRY_NAME_PATTERN, MAX_ENTRY_NAME_LENGTH } from './entry-names.js'

/**
 * The shape of images.yaml: types and API-wide enums only. Per-model rules (sizes, n, quality,
 * fields a model takes) need the merged entry and are checked after this, in `model-checks.ts`.
 * The JSON Schema editors use is generated from these same schemas.
 */

/** `WIDTHxHEIGHT` (no leading zeros, at most 5 digits an edge) or `auto`. */
export const SIZE_PATTERN = /^(auto|[1-9][0-9]{0,4}x[1-9][0-9]{0,4})$/

const inputPath = z.string().min(1)

const requestFields = {
  provider: z.enum(PROVIDER_NAMES as [string, ...string[]]).meta({
    description: `The API: ${PROVIDERS_DESCRIBED}. Inferred from a known model.`,
  }),
  model: z
    .string()
    .min(1)
    .meta({
      description:
        'The image model. imagegen checks the limits of gpt-image-1 (the default), gpt-image-1-mini, gpt-image-1.5, gpt-image-2, chatgpt-image-latest, dall-e-2, dall-e-3, gemini-2.5-flash-image, gemini-3-pro-image-preview and imagen-4.0-{generate,ultra-generate,fast-generate}-001; any other name is allowed with a warning.',
      examples: ['gpt-image-1', 'gpt-image-2', 'gemini-2.5-flash-image', 'imagen-4.0-generate-001'],
    }),
  n: z
    .int()
    .min(N_RANGE.min)
    .max(N_RANGE.max)
    .meta({ description: 'How many images to make from one request (dall-e-3: 1). Default 1.' }),
  size: z
    .string()
    .regex(SIZE_PATTERN)
    .meta({
      description:
        'WIDTHxHEIGHT or auto. GPT image models: 1024x1024, 1536x1024, 1024x1536 or auto; gpt-image-2: any size with edges multiples of 16 up to 3840x2160; dall-e-2: 256x256, 512x512, 1024x1024; dall-e-3: 1024x1024, 1792x1024, 1024x1792.',
      examples: ['1024x1024', '1536x1024', '1024x1536', 'auto'],
    }),
  quality: z.enum(QUALITIES).meta({
    description:
      'GPT image models: low, medium, high or auto (default); dall-e-3: standard or hd; dall-e-2: standard.',
  }),
  background: z.enum(BACKGROUNDS).meta({
    description: 'GPT image models only. transparent needs output_format png or webp. Default auto.',
  }),
  output_format: z.enum(OUTPUT_FORMATS).meta({ description: 'GPT image models only. Default png.' }),
  output_compression: z
    .int()
    .min(0)
    .max(100)
    .meta({ description: 'GPT image models with jpeg or webp output: 0-100 (%). Default 100.' }),
  moderation: z.enum(MODERATIONS).meta({ description: 'GPT image models only. Default auto.' }),
  style: z.enum(STYLES).meta({ description: 'dall-e-3 only. Default vivid.' }),
  input_fidelity: z.enum(INPUT_FIDELITIES).meta({
    description:
      'Edits with gpt-image-1, gpt-image-1.5 and later (not gpt-image-1-mini): how closely to keep the input images. Default low.',
  }),
  aspectRatio: z.enum(ASPECT_RATIOS).meta({
    description:
      'Google models: Gemini 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9 or 21:9; Imagen 1:1, 3:4, 4:3, 9:16 or 16:9 (default 1:1).',
  }),
  imageSize: z.enum(IMAGE_SIZES).meta({
    description:
      'gemini-3-pro-image-preview: 1K (default), 2K or 4K; Imagen 4 Standard and Ultra: 1K (default) or 2K.',
  }),
  image_size: z.enum(FAL_IMAGE_SIZES).meta({
    description:
      'fal models: square_hd (1024x1024), square (512x512), portrait_4_3, portrait_16_9, landscape_4_3 or landscape_16_9.',
  }),
  personGeneration: z
    .enum(PERSON_GENERATIONS)
    .meta({ description: 'Imagen only: dont_allow, allow_adult (default) or allow_all.' }),
}

/** A look every entry shares: text added to each prompt, images sent as inputs where the model reads them. */
const consistentSet = {
  style_prompt: z.string().meta({
    description:
      'Text added to the prompt of every entry that has one (set it in defaults; an entry may override it, or set "" for none). Part of the recipe: changing it regenerates the entries it reaches.',
  }),
  reference_images: z.array(inputPath).max(14).meta({
    description:
      'Images sent as inputs with every entry whose model reads input images (Gemini; GPT image model edits), relative to the manifest. Their bytes are part of the recipe.',
  }),
}

export const TRANSFORM_FORMATS = ['avif', 'webp', 'png', 'jpeg', 'original'] as const
export const TRANSFORM_FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const
export const PLACEHOLDER_KINDS = ['blur', 'color', 'none'] as const

export const transformSchema = z
  .strictObject({
    format: z.enum(TRANSFORM_FORMATS).optional().meta({ description: 'Format of the derived files.' }),
    widths: z
      .array(z.int().positive())
      .min(1)
      .optional()
      .meta({ description: 'Pixel widths to derive, for srcset.', examples: [[640, 1280]] }),
    quality: z.int().min(1).max(100).optional().meta({ description: 'Encoder quality, 1-100.' }),
    fit: z
      .enum(TRANSFORM_FITS)
      .optional()
      .meta({ description: 'How to fit a width that changes the aspect ratio.' }),
  })
  .meta({
    description:
      'How the generated image is processed (sharp). Not part of the recipe: changing it never regenerates.',
  })

const presentation = {
  placeholder: z
    .enum(PLACEHOLDER_KINDS)
    .meta({ description: 'A low-quality placeholder to show while loading. Default none.' }),
  transform: transformSchema,
}

const entryOnly = {
  prompt: z
    .string()
    .regex(/\S/)
    .meta({ description: 'What to draw, or (edits) what to change. Required except for variations.' }),
  alt: z.string().meta({ description: 'Alternative text for the image.' }),
  rev: z
    .int()
    .min(0)
    .meta({ description: 'Bump to get a fresh generation of an unchanged request. Default 0.' }),
  images: z
    .array(inputPath)
    .min(1)
    .max(16)
    .meta({ description: 'Input images, relative to this file: makes the entry an edit (prompt required).' }),
  mask: inputPath.meta({
    description: 'A PNG whose transparent areas mark where the first image is edited.',
  }),
  variation: inputPath.meta({
    description: 'A square PNG, relative to this file: makes the entry a dall-e-2 variation.',
  }),
}

function optional<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as never
}

const { provider, model, ...parameters } = requestFields

/** One entry under `images:`. Field order is the order editors offer them in. */
export const entrySchema = z
  .strictObject(
    optional({
      provider,
      model,
      prompt: entryOnly.prompt,
      ...parameters,
      ...consistentSet,
      alt: entryOnly.alt,
      rev: entryOnly.rev,
      ...presentation,
      images: entryOnly.images,
      mask: entryOnly.mask,
      variation: entryOnly.variation,
    }),
  )
  .meta({ description: 'One image: a prompt alone generates, images: edits, variation: makes variations.' })

/** `defaults:`: request fields and presentation shared by every entry, which the entry overrides. */
export const defaultsSchema = z
  .strictObject(optional({ ...requestFields, ...consistentSet, ...presentation }))
  .meta({
    description: 'Fields every entry gets unless it sets them itself (transform merges field by field).',
  })

export const entryNameSchema = z.string().max(MAX_ENTRY_NAME_LENGTH).regex(ENTRY_NAME_PATTERN)

export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'The JSON Schema of this file, for editors.' }),
    defaults: defaultsSchema.optional(),
    images: z.record(entryNameSchema, entrySchema).meta({
      description:
        'The images, by name. Names: letters, digits, - and _, starting with a letter; each is a named export in camelCase.',
    }),
  })
  .meta({ title: 'imagegen manifest (images.yaml)' })

export type EntryFields = z.infer<typeof entrySchema>
export type DefaultsFields = z.infer<typeof defaultsSchema>

/** The keys each mapping takes, for did-you-mean. */
export const ENTRY_KEYS: readonly string[] = Object.keys(entrySchema.shape)
export const DEFAULTS_KEYS: readonly string[] = Object.keys(defaultsSchema.shape)
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(manifestSchema.shape)
export const TRANSFORM_KEYS: readonly string[] = Object.keys(transformSchema.shape)
