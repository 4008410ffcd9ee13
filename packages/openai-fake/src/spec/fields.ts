/**
 * Request fields of each endpoint, as the spec's request schemas define them. The generic checker in
 * validate/check-fields.ts applies these; per-model rules live in validate/model-rules.ts.
 */

export type FieldType = 'string' | 'integer' | 'boolean' | 'file' | 'image-ref' | 'image-refs'

export interface FieldSpec {
  type: FieldType
  enum?: readonly string[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  maxItems?: number
  /** `null` means "use the default" (JSON bodies only). */
  nullable?: boolean
}

export interface EndpointSchema {
  fields: Readonly<Record<string, FieldSpec>>
  required: readonly string[]
}

const BACKGROUNDS = ['transparent', 'opaque', 'auto']
const OUTPUT_FORMATS = ['png', 'jpeg', 'webp']
const RESPONSE_FORMATS = ['url', 'b64_json']

const model: FieldSpec = { type: 'string', nullable: true }
const n: FieldSpec = { type: 'integer', minimum: 1, maximum: 10, nullable: true }
const responseFormat: FieldSpec = { type: 'string', enum: RESPONSE_FORMATS, nullable: true }
const outputFormat: FieldSpec = { type: 'string', enum: OUTPUT_FORMATS, nullable: true }
const outputCompression: FieldSpec = { type: 'integer', minimum: 0, maximum: 100, nullable: true }
const background: FieldSpec = { type: 'string', enum: BACKGROUNDS, nullable: true }
const stream: FieldSpec = { type: 'boolean', nullable: true }
const partialImages: FieldSpec = { type: 'integer', minimum: 0, maximum: 3, nullable: true }
const user: FieldSpec = { type: 'string' }
const inputFidelity: FieldSpec = { type: 'string', enum: ['high', 'low'], nullable: true }

export const GENERATION_SCHEMA: EndpointSchema = {
  required: ['prompt'],
  fields: {
    prompt: { type: 'string', minLength: 1 },
    model,
    n,
    quality: { type: 'string', enum: ['standard', 'hd', 'low', 'medium', 'high', 'auto'], nullable: true },
    response_format: responseFormat,
    output_format: outputFormat,
    output_compression: outputCompression,
    stream,
    partial_images: partialImages,
    size: { type: 'string', nullable: true },
    moderation: { type: 'string', enum: ['low', 'auto'], nullable: true },
    background,
    style: { type: 'string', enum: ['vivid', 'natural'], nullable: true },
    user,
  },
}

/** Multipart edits; `image` holds one file or the repeated `image[]` parts. */
export const EDIT_SCHEMA: EndpointSchema = {
  required: ['prompt', 'image'],
  fields: {
    image: { type: 'file', maxItems: 16 },
    prompt: { type: 'string', minLength: 1 },
    mask: { type: 'file' },
    background,
    model,
    n,
    size: { type: 'string', nullable: true },
    response_format: responseFormat,
    output_format: outputFormat,
    output_compression: outputCompression,
    user,
    input_fidelity: inputFidelity,
    stream,
    partial_images: partialImages,
    quality: { type: 'string', enum: ['standard', 'low', 'medium', 'high', 'auto'], nullable: true },
  },
}

/** JSON edits (`EditImageBodyJsonParam`): image references instead of uploads, GPT image models only. */
export const JSON_EDIT_SCHEMA: EndpointSchema = {
  required: ['images', 'prompt'],
  fields: {
    model,
    images: { type: 'image-refs', maxItems: 16 },
    mask: { type: 'image-ref' },
    prompt: { type: 'string', minLength: 1, maxLength: 32_000 },
    n,
    quality: { type: 'string', enum: ['low', 'medium', 'high', 'auto'], nullable: true },
    input_fidelity: inputFidelity,
    size: { type: 'string', enum: ['auto', '1024x1024', '1536x1024', '1024x1536'], nullable: true },
    user,
    output_format: outputFormat,
    output_compression: outputCompression,
    moderation: { type: 'string', enum: ['low', 'auto'], nullable: true },
    background,
    stream,
    partial_images: partialImages,
  },
}

export const VARIATION_SCHEMA: EndpointSchema = {
  required: ['image'],
  fields: {
    image: { type: 'file' },
    model,
    n,
    response_format: responseFormat,
    size: { type: 'string', enum: ['256x256', '512x512', '1024x1024'], nullable: true },
    user,
  },
}
