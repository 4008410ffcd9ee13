import type { Usage } from '../providers/types.js'
import type { Recipe } from '../recipe/types.js'
import { estimateCost } from './estimate.js'
import { findPrice } from './registry.js'

/**
 * What a generation cost, in USD, from what the service reported: token-priced models from the
 * answer's `usage` (input text and image tokens, output image and text tokens), image-priced models by
 * the images received. Undefined when the price is unknown or a token-priced answer had no usage.
 */
export function costFromUsage(recipe: Recipe, usage: Usage | undefined, images: number): number | undefined {
  const entry = findPrice(recipe.provider, recipe.request.model)
  if (!entry) return undefined
  if (entry.price.kind === 'image') {
    const each = estimateCost({ ...recipe, request: { ...recipe.request, n: 1 } })
    return each === undefined ? undefined : each * images
  }
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number')
    return undefined
  const { rates } = entry.price
  const input = details(usage.input_tokens_details)
  const output = details(usage.output_tokens_details)
  // Without a breakdown, tokens are priced at the dearer rate of their side.
  const inputCost =
    input.text === undefined && input.image === undefined
      ? usage.input_tokens * Math.max(rates.textInput, rates.imageInput)
      : (input.text ?? 0) * rates.textInput + (input.image ?? 0) * rates.imageInput
  const outputText = output.text ?? 0
  const outputImage = output.image ?? usage.output_tokens - outputText
  const outputCost = outputImage * rates.imageOutput + outputText * (rates.textOutput ?? rates.imageOutput)
  return (inputCost + outputCost) / 1_000_000
}

function details(value: unknown): { text: number | undefined; image: number | undefined } {
  const record = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>
  const number = (field: string) =>
    typeof record[field] === 'number' ? (record[field] as number) : undefined
  return { text: number('text_tokens'), image: number('image_tokens') }
}
