import type { Endpoint, ImageRequest } from '../manifest/types.js'

/** Bumped whenever the recipe's shape or meaning changes: every key changes with it. */
export const RECIPE_VERSION = 1

/**
 * The normalised request: everything that changes the picture and nothing that does not. Input images
 * appear as the sha256 of their bytes, never as paths, so moving a file regenerates nothing.
 */
export interface Recipe {
  version: number
  /** The registry name of the API: `openai`, `google`, … */
  provider: string
  endpoint: Endpoint
  /** API field names, API defaults filled in. */
  request: ImageRequest & { n: number }
  inputs: {
    images?: string[]
    mask?: string
    variation?: string
    /** `reference_images`, where the model takes them. */
    references?: string[]
  }
  /** `style_prompt`: text added to the prompt. */
  style?: string
  rev: number
}
