import type { Recipe } from '../recipe/types.js'
import { findPrice } from './registry.js'
import type { ImagePrice, InputImageTokens, OutputTokenFormula, OutputTokenTable } from './types.js'

export interface InputSize {
  width: number
  height: number
}

/** The sizes a model of flexible size picks from for `size: auto`. */
const AUTO_SIZES = ['1024x1024', '1536x1024', '1024x1536']

/**
 * What a recipe is expected to cost, in USD: an upper estimate, never a quote. Token-priced models add
 * the prompt, every input image (the mask too; once per image asked for, as the API bills `n`) and the
 * output images; `auto` quality or size is priced as the dearest. `inputs` are the input images' pixel
 * sizes in the recipe's order (images, then mask); one not given is priced as the largest an input
 * can cost. `partialImages` streamed previews per image add their output tokens where the model bills
 * them. Undefined when the model's price is unknown.
 */
export function estimateCost(
  recipe: Recipe,
  inputs: readonly (InputSize | undefined)[] = [],
  partialImages = 0,
): number | undefined {
  const entry = findPrice(recipe.provider, recipe.request.model)
  if (!entry) return undefined
  const { request } = recipe
  const quality = request.quality ?? 'auto'
  const size = request.size ?? 'auto'
  if (entry.price.kind === 'image') {
    const column = (request as unknown as Record<string, unknown>)[entry.price.columnField ?? 'size']
    const each = pricePerImage(entry.price, quality, typeof column === 'string' ? column : 'auto')
    return each === undefined ? undefined : each * request.n
  }
  const price = entry.price
  const finalTokens = outputTokens(price.output, quality, size)
  if (finalTokens === undefined) return undefined
  const output = finalTokens + partialImages * (price.partialImageTokens ?? 0)
  const count = (recipe.inputs.images?.length ?? 0) + (recipe.inputs.mask ? 1 : 0)
  const highFidelity = request.input_fidelity === 'high'
  let imageTokens = 0
  for (let index = 0; index < count; index++) {
    imageTokens += inputImageTokens(price.inputImage, inputs[index], highFidelity)
  }
  const textTokens = Math.ceil([...(request.prompt ?? '')].length / 4) + price.promptOverhead
  const { rates } = price
  const perImage = textTokens * rates.textInput + imageTokens * rates.imageInput + output * rates.imageOutput
  return (perImage * request.n) / 1_000_000
}

/** `estimateCost` with the input images' sizes read from their files. */
export async function estimateCostOf(
  recipe: Recipe,
  inputPaths: readonly string[],
  partialImages = 0,
): Promise<number | undefined> {
  return estimateCost(recipe, await inputSizesOf(inputPaths), partialImages)
}

/** The pixel sizes of image files (undefined for one that cannot be read); sharp loads only when asked. */
export async function inputSizesOf(paths: readonly string[]): Promise<(InputSize | undefined)[]> {
  if (paths.length === 0) return []
  const { default: sharp } = await import('sharp')
  return Promise.all(
    paths.map(async (path) => {
      const { width, height } = await sharp(path)
        .metadata()
        .catch(() => ({ width: undefined, height: undefined }))
      return width && height ? { width, height } : undefined
    }),
  )
}

function pricePerImage(price: ImagePrice, quality: string, size: string): number | undefined {
  const rows = Object.entries(price.usdPerImage)
  const row = price.usdPerImage[quality] ?? price.usdPerImage['*']
  const candidates = row ? [row] : quality === 'auto' ? rows.map(([, each]) => each) : []
  // A column of `auto` prices every value the table does not list (a per-image price of any size).
  const prices = candidates.flatMap((each) =>
    size === 'auto' ? Object.values(each) : [each[size] ?? each.auto],
  )
  const known = prices.filter((each): each is number => each !== undefined)
  return known.length === 0 ? undefined : Math.max(...known)
}

/** Output tokens of one image; `auto` quality or size as the dearest. */
export function outputTokens(
  rule: OutputTokenTable | OutputTokenFormula,
  quality: string,
  size: string,
): number | undefined {
  const qualities =
    quality === 'auto' ? Object.keys(rule.kind === 'table' ? rule.tokens : rule.qualityFactors) : [quality]
  const counts = qualities.flatMap((each) => {
    if (rule.kind === 'table') {
      const row = rule.tokens[each] ?? {}
      return size === 'auto' ? Object.values(row) : [row[size]]
    }
    return (size === 'auto' ? AUTO_SIZES : [size]).map((one) => areaTokens(rule, each, one))
  })
  const known = counts.filter((each): each is number => each !== undefined)
  return known.length === 0 ? undefined : Math.max(...known)
}

function areaTokens(rule: OutputTokenFormula, quality: string, size: string): number | undefined {
  const factor = rule.qualityFactors[quality]
  const match = /^(\d+)x(\d+)$/.exec(size)
  if (factor === undefined || !match) return undefined
  const width = Number(match[1])
  const height = Number(match[2])
  const long = Math.max(width, height)
  const short = Math.min(width, height)
  const shortFactor = Math.floor((2 * factor * short + long) / (2 * long))
  return Math.ceil((factor * shortFactor * (rule.areaOffsetPixels + width * height)) / rule.areaDivisor)
}

/**
 * Tokens of one input image: fit within `fitWithin`, short edge scaled to `shortEdge` (edges rounded
 * down), then the tiles it covers. An unknown size is priced as a 4:1 image, four tiles.
 */
export function inputImageTokens(
  rule: InputImageTokens,
  size: InputSize | undefined,
  highFidelity: boolean,
): number {
  const { width, height } = size ?? { width: rule.fitWithin, height: rule.shortEdge }
  const fit = Math.min(1, rule.fitWithin / Math.max(width, height))
  const toShort = rule.shortEdge / (Math.min(width, height) * fit)
  const tilesAlong = (edge: number) => Math.max(1, Math.ceil(Math.floor(edge * fit * toShort) / rule.tile))
  const extra =
    highFidelity && rule.highFidelity ? rule.highFidelity[width === height ? 'square' : 'other'] : 0
  return rule.base + rule.perTile * tilesAlong(width) * tilesAlong(height) + extra
}
