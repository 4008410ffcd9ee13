/**
 * Price tables as data, one per provider and model. A provider's table says where each figure comes
 * from and when it was read; a figure nobody published is left out, and the model's price is unknown
 * rather than guessed. Token-priced models list their rates and how many tokens a request uses;
 * image-priced models list USD per image.
 */

/** USD per million tokens. */
export interface TokenRates {
  textInput: number
  imageInput: number
  imageOutput: number
  /** Text the model writes besides the image (reasoning); priced as image output when absent. */
  textOutput?: number
}

/** Output tokens of one image by quality, then by size (`1024x1536`). */
export interface OutputTokenTable {
  kind: 'table'
  tokens: Readonly<Record<string, Readonly<Record<string, number>>>>
}

/**
 * Output tokens of one image of any size: `ceil(q · s · (offset + width · height) / divisor)`, where q
 * is the quality's factor and `s = round(q · short edge / long edge)` (halves rounded down).
 */
export interface OutputTokenFormula {
  kind: 'area'
  qualityFactors: Readonly<Record<string, number>>
  areaOffsetPixels: number
  areaDivisor: number
}

/**
 * Tokens of one input image: scaled to fit `fitWithin` pixels, then its short edge to `shortEdge`,
 * then `base + perTile` for each `tile`-pixel square it covers.
 */
export interface InputImageTokens {
  fitWithin: number
  shortEdge: number
  tile: number
  base: number
  perTile: number
  /** Added per input image with `input_fidelity: high`: square images, others. */
  highFidelity?: { square: number; other: number }
}

export interface TokenPrice {
  kind: 'tokens'
  rates: TokenRates
  output: OutputTokenTable | OutputTokenFormula
  inputImage: InputImageTokens
  /** Tokens the service adds to every prompt. */
  promptOverhead: number
  /** Output tokens each streamed preview (`partial_images`) adds to an image. */
  partialImageTokens?: number
}

export interface ImagePrice {
  kind: 'image'
  /** The request field that picks the column (rows are always `quality`). @default 'size' */
  columnField?: string
  /** USD per image by quality (`standard`, `hd`; `*` for any), then by size. */
  usdPerImage: Readonly<Record<string, Readonly<Record<string, number>>>>
}

export interface PriceSource {
  /** The page the figures come from. */
  url: string
  /**
   * The day they were read there (YYYY-MM-DD), or `unverified` when they were not read on the
   * provider's own page: they are then estimates to plan with, and the note says where they come from.
   */
  checked: `${number}-${number}-${number}` | 'unverified'
  /** What is derived rather than read, and how (where they come from, when unverified). */
  note?: string
}

export interface ModelPrice {
  provider: string
  model: string
  source: PriceSource
  price: TokenPrice | ImagePrice
}
