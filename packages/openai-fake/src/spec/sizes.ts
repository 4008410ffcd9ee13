/** Sizes: parsing `WIDTHxHEIGHT` and the flexible-size rule of gpt-image-2. */

export interface Dimensions {
  width: number
  height: number
}

export const DEFAULT_AUTO_SIZE = '1024x1024'

export function parseSize(size: string): Dimensions | undefined {
  const match = /^([1-9]\d{0,5})x([1-9]\d{0,5})$/.exec(size)
  if (!match) return undefined
  return { width: Number(match[1]), height: Number(match[2]) }
}

/** Bounds the spec states for gpt-image-2: both edges divisible by 16, aspect ratio within 1:3..3:1,
 * at most 3840x2160 (read as: no edge above 3840 and no more pixels than 3840*2160). */
export const FLEXIBLE_SIZE = {
  multipleOf: 16,
  maxRatio: 3,
  maxEdge: 3840,
  maxPixels: 3840 * 2160,
} as const

/** Why a flexible size is not allowed, or undefined when it is. */
export function flexibleSizeProblem({ width, height }: Dimensions): string | undefined {
  if (width % FLEXIBLE_SIZE.multipleOf !== 0 || height % FLEXIBLE_SIZE.multipleOf !== 0)
    return `width and height must both be divisible by ${FLEXIBLE_SIZE.multipleOf}`
  const long = Math.max(width, height)
  const short = Math.min(width, height)
  if (long > short * FLEXIBLE_SIZE.maxRatio) return 'the aspect ratio must be between 1:3 and 3:1'
  if (long > FLEXIBLE_SIZE.maxEdge) return `no edge may exceed ${FLEXIBLE_SIZE.maxEdge} pixels`
  if (width * height > FLEXIBLE_SIZE.maxPixels) return 'the maximum supported resolution is 3840x2160'
  return undefined
}

/** What `auto` becomes: square for a generation, the standard size nearest the first input for an edit. */
export function resolveAutoSize(firstInput?: Dimensions): string {
  if (!firstInput) return DEFAULT_AUTO_SIZE
  const ratio = firstInput.width / firstInput.height
  if (ratio > 1.25) return '1536x1024'
  if (ratio < 0.8) return '1024x1536'
  return DEFAULT_AUTO_SIZE
}
