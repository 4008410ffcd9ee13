import type { Endpoint, ImageRequest } from '../manifest/types.js'

/** The request fields a model may or may not accept; `model` and `prompt` are always sent. */
export type RequestField = Exclude<keyof ImageRequest, 'model' | 'prompt'>

/** The image formats the Images API reads as input. */
export type InputImageFormat = 'png' | 'jpeg' | 'webp'

/** A model that makes a fixed set of sizes (`auto` is in the list when the model sizes itself). */
export interface SizeList {
  kind: 'list'
  sizes: readonly string[]
}

/** A model that makes any `WIDTHxHEIGHT` within bounds (gpt-image-2). */
export interface FlexibleSizes {
  kind: 'flexible'
  /** Whether `auto` is accepted. */
  auto: boolean
  /** Sizes to suggest when a request is out of bounds. */
  suggested: readonly string[]
  /** Both edges must be a multiple of this. */
  multipleOf: number
  /** The longest edge, in pixels. */
  maxEdge: number
  /** Bounds on width × height. */
  minPixels: number
  maxPixels: number
  /** Long edge : short edge, at most. */
  maxAspectRatio: number
  /** Above this many pixels the API calls the size experimental: allowed, with a warning. */
  experimentalAbovePixels: number
}

export type SizeRule = SizeList | FlexibleSizes

/** What an input file (edit image, mask, variation source) must be. */
export interface InputRule {
  formats: readonly InputImageFormat[]
  /** Files must be smaller than this. */
  maxBytes: number
  /** At most this many files (edits). */
  maxCount: number
  /** The image must be square (checked for PNG, whose header carries its size). */
  square: boolean
}

/** The request defaults the API applies when a field is left out. */
export type RequestDefaults = Readonly<Partial<Pick<ImageRequest, RequestField>>>

/** Everything imagegen knows about one model: limits for validation, defaults for recipes. */
export interface ModelRules {
  id: string
  /** The registry name of the API that serves it. */
  provider: string
  /** Models that share every rule but a few: hints name the family rather than each model. */
  family: string
  /** The endpoints the model serves, each with the request fields it accepts there. */
  endpoints: Readonly<Partial<Record<Endpoint, readonly RequestField[]>>>
  /** Streams previews while it generates (`stream`, `partial_images` on generations and edits). */
  streams?: boolean
  /** `size` (OpenAI's WIDTHxHEIGHT); models sized by aspect ratio have none. */
  sizes?: SizeRule
  /** Allowed values of the fields a model takes from a fixed list (`aspectRatio`, `imageSize`, …). */
  values?: Readonly<Partial<Record<RequestField, readonly string[]>>>
  /** The endpoints on which `reference_images` are sent as inputs, alongside `images:`. */
  referenceEndpoints?: readonly Endpoint[]
  n: { min: number; max: number }
  quality: readonly string[]
  promptMaxLength: number
  defaults: RequestDefaults
  /** `images:` of an edit (models that serve edits). */
  editImages?: InputRule
  /** `mask:` of an edit (models that serve edits). */
  mask?: InputRule
  /** `variation:` (models that serve variations). */
  variationImage?: InputRule
}
