/** An image request after validation: every default resolved, ready to draw and answer. */

import type { Endpoint, ModelFamily } from './spec/models.js'

export type OutputFormat = 'png' | 'jpeg' | 'webp'

export interface InputImage {
  /** The part or reference it came from: `image`, `image[]`, `mask`, `images[0]`. */
  field: string
  sha256: string
  width: number
  height: number
  format: string
  hasAlpha: boolean
  bytes: number
}

export interface ImageJob {
  endpoint: Endpoint
  model: string
  family: ModelFamily
  prompt: string | undefined
  n: number
  width: number
  height: number
  /** The size as the response echoes it (`auto` resolved). */
  size: string
  /** Concrete quality: low/medium/high for GPT image models, standard/hd for DALL·E. */
  quality: string
  background: 'transparent' | 'opaque'
  outputFormat: OutputFormat
  outputCompression: number
  style: 'vivid' | 'natural' | undefined
  responseFormat: 'b64_json' | 'url'
  stream: boolean
  partialImages: number
  inputFidelity: 'high' | 'low' | undefined
  inputs: InputImage[]
  mask: InputImage | undefined
}
