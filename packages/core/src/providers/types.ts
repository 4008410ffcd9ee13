import type { ImageFormat } from '../image-type.js'
import type { Recipe } from '../recipe/types.js'
import type { RateLimitState } from './rate-limits.js'

export interface GeneratedImage {
  bytes: Buffer
  /** Read from the bytes, never from what the API echoed. */
  format: ImageFormat
  width: number
  height: number
  revisedPrompt?: string
}

export interface Usage {
  input_tokens?: number
  output_tokens?: number
  total_tokens?: number
  [field: string]: unknown
}

export interface GenerationResult {
  images: GeneratedImage[]
  model: string
  usage?: Usage
  requestId?: string
  /** What the answer's rate-limit headers said, for the scheduler to pace itself by. */
  rateLimits?: RateLimitState
}

/** What a provider is asked to make: the recipe plus what it needs that is not in the key. */
export interface GenerationRequest {
  key: string
  recipe: Recipe
  /** The manifest entry's name, for error messages and placeholder labels. */
  entryName: string
  /** Absolute paths of the input files, in the recipe's order. */
  files: { images: string[]; mask?: string; variation?: string; references?: string[] }
}

/** A preview the service streamed while it generated: never stored, only shown. */
export interface PartialImage {
  /** Which of the request's `n` images it previews. */
  index: number
  /** Its place among that image's previews, from 0; a retried attempt starts again from 0. */
  partialIndex: number
  bytes: Buffer
  /** Read from the bytes. */
  format: ImageFormat
}

/** Asks a provider whose model can stream for previews while it generates; others ignore it. */
export interface PartialImagesRequest {
  /** Previews per image, 1 to 3 (each costs the service's partial-image tokens). */
  count: number
  /** Told of each preview as it arrives. */
  onPartial(image: PartialImage): void
}

export interface GenerationOptions {
  signal?: AbortSignal
  partials?: PartialImagesRequest
}

export interface Provider {
  readonly name: string
  generate(request: GenerationRequest, options?: GenerationOptions): Promise<GenerationResult>
}
