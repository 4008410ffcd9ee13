/**
 * How many tokens the GPT image models bill, as OpenAI publishes them (the image generation guide's
 * tables and cost calculator, the vision guide's tiles). Written here, not imported from
 * @imagegen/core: the fake is an independent check of the estimates imagegen makes.
 */

/** Output tokens per image of gpt-image-1, gpt-image-1.5 and chatgpt-image-latest. */
const GPT_IMAGE_1: Record<string, Record<string, number>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
}

/** gpt-image-1-mini: OpenAI lists per-image prices only; these are those prices at $8 per million. */
const GPT_IMAGE_1_MINI: Record<string, Record<string, number>> = {
  low: { '1024x1024': 625, '1024x1536': 750, '1536x1024': 750 },
  medium: { '1024x1024': 1375, '1024x1536': 1875, '1536x1024': 1875 },
  high: { '1024x1024': 4500, '1024x1536': 6500, '1536x1024': 6500 },
}

const GPT_IMAGE_2_QUALITY: Record<string, number> = { low: 16, medium: 48, high: 96 }

/** Output tokens of one image of `model` at a concrete quality and size. */
export function outputTokens(model: string, quality: string, width: number, height: number): number {
  if (model.startsWith('gpt-image-2')) {
    // The calculator of OpenAI's image generation guide, for any size.
    const factor = GPT_IMAGE_2_QUALITY[quality] ?? 48
    const long = Math.max(width, height)
    const short = Math.min(width, height)
    const shortFactor = Math.floor((2 * factor * short + long) / (2 * long))
    return Math.ceil((factor * shortFactor * (2_000_000 + width * height)) / 4_000_000)
  }
  const table = model === 'gpt-image-1-mini' ? GPT_IMAGE_1_MINI : GPT_IMAGE_1
  const row = table[quality] ?? table.medium ?? {}
  const listed = row[`${width}x${height}`]
  // A size no table lists (only a compatible server would make one): scaled from the square by area.
  return listed ?? Math.round(((row['1024x1024'] ?? 0) * width * height) / (1024 * 1024))
}

/**
 * Tokens of one input image: fit within 2048, short edge scaled to 512 (edges rounded down), 65 plus
 * 129 per 512-px tile; `input_fidelity: high` adds 4160 for a square image, 6240 for another.
 */
export function inputImageTokens(width: number, height: number, highFidelity: boolean): number {
  const fit = Math.min(1, 2048 / Math.max(width, height))
  const toShort = 512 / (Math.min(width, height) * fit)
  const tiles = (edge: number) => Math.max(1, Math.ceil(Math.floor(edge * fit * toShort) / 512))
  const extra = highFidelity ? (width === height ? 4160 : 6240) : 0
  return 65 + 129 * tiles(width) * tiles(height) + extra
}

/** Tokens the service adds to every prompt. */
export const PROMPT_OVERHEAD = 6
