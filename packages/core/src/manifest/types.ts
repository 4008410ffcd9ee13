import type { SourcePosition } from '../errors.js'

export type Endpoint = 'generations' | 'edits' | 'variations'

/** The request fields, named as the Images API names them. Only those the entry (or defaults) set. */
export interface ImageRequest {
  model: string
  prompt?: string
  n?: number
  size?: string
  quality?: string
  background?: string
  output_format?: string
  output_compression?: number
  moderation?: string
  style?: string
  input_fidelity?: string
  /** Google's names: `generationConfig.imageConfig.aspectRatio` (Gemini) or `parameters.aspectRatio` (Imagen). */
  aspectRatio?: string
  imageSize?: string
  /** Imagen only. */
  personGeneration?: string
  /** fal's name: a preset (`landscape_16_9`, `square_hd`, …). */
  image_size?: string
}

export type TransformFormat = 'avif' | 'webp' | 'png' | 'jpeg' | 'original'
export type TransformFit = 'cover' | 'contain' | 'fill' | 'inside' | 'outside'

export interface Transform {
  format?: TransformFormat
  widths?: number[]
  quality?: number
  fit?: TransformFit
}

export type PlaceholderKind = 'blur' | 'color' | 'none'

/** An input file of an edit or variation, resolved inside the project root. */
export interface InputFile {
  /** As written in the manifest. */
  path: string
  /** Absolute real path (symlinks resolved). */
  absolutePath: string
  position: SourcePosition
}

/** One validated entry of a manifest, with `defaults` merged in. */
export interface ManifestEntry {
  /** The entry's key in `images:`. */
  name: string
  /** camelCase of `name`: the named export of the manifest module. */
  exportName: string
  /** Absolute path of the manifest. */
  manifestFile: string
  /** Where the entry's key stands. */
  position: SourcePosition
  endpoint: Endpoint
  request: ImageRequest
  /** `images:` (edits) in order. */
  images: InputFile[]
  mask?: InputFile
  /** `variation:` (variations). */
  variation?: InputFile
  /** The API the entry is sent to: written, or inferred from a known model. */
  provider: string
  /** Text added to the prompt (`style_prompt`, usually from `defaults`), where the entry has a prompt. */
  style?: string
  /** `reference_images` the model takes as inputs; empty where it takes none. */
  references: InputFile[]
  rev: number
  alt?: string
  placeholder: PlaceholderKind
  transform: Transform
  /** Set when the model is not one imagegen knows: only basic checks were made. */
  unknownModel: boolean
}

export interface Manifest {
  /** Absolute path. */
  file: string
  entries: ManifestEntry[]
}
