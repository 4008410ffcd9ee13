import type { Recipe } from '../recipe/types.js'
import type { GenerationRequest } from './types.js'

/**
 * The prompt as sent: the entry's own, then the set's `style_prompt` as a paragraph of its own, so
 * every image of a set is asked for in the same look whatever API draws it.
 */
export function styledPrompt(recipe: Recipe): string | undefined {
  const { prompt } = recipe.request
  if (prompt === undefined || !recipe.style) return prompt
  return `${prompt}\n\nStyle: ${recipe.style}`
}

/** The input images to send, in order: the entry's own, then the set's reference images. */
export function inputImagePaths(files: GenerationRequest['files']): string[] {
  return [...files.images, ...(files.references ?? [])]
}
