import type { Recipe } from '../recipe/types.js'

const FALLBACK_SIZE = { width: 1024, height: 1024 }

/** The pixel size a recipe asks for; `auto` (the model's choice) is taken as square 1024. */
export function requestedSize(recipe: Recipe): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/.exec(recipe.request.size ?? '')
  if (!match) return FALLBACK_SIZE
  return { width: Number(match[1]), height: Number(match[2]) }
}

/** The encoding a recipe asks for: GPT image models take `output_format`, DALL·E always gives PNG. */
export function requestedFormat(recipe: Recipe): 'png' | 'jpeg' | 'webp' {
  const format = recipe.request.output_format
  return format === 'jpeg' || format === 'webp' ? format : 'png'
}
