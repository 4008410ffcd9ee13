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

export interface Provider {
  readonly name: string
  generate(request: GenerationRequest, options?: { signal?: AbortSignal }): Promise<GenerationResult>
}
