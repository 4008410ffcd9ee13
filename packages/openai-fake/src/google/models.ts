/**
 * Google's image models as the Gemini API serves them, written here from Google's guides (not
 * imported from @imagegen/core): which method each answers, the aspect ratios and sizes it makes and
 * the pixels each comes out at, how many images it reads and makes.
 */

export type GoogleMethod = 'generateContent' | 'predict'

export interface GoogleModel {
  family: 'gemini' | 'imagen'
  method: GoogleMethod
  /** Pixels of a 1K image per aspect ratio; 2K and 4K are twice and four times as large. */
  dimensions: Readonly<Record<string, readonly [number, number]>>
  imageSizes: readonly string[]
  maxInputImages: number
  maxImages: number
}

const GEMINI_1K: Record<string, readonly [number, number]> = {
  '1:1': [1024, 1024],
  '2:3': [832, 1248],
  '3:2': [1248, 832],
  '3:4': [864, 1184],
  '4:3': [1184, 864],
  '4:5': [896, 1152],
  '5:4': [1152, 896],
  '9:16': [768, 1344],
  '16:9': [1344, 768],
  '21:9': [1536, 672],
}

const IMAGEN_1K: Record<string, readonly [number, number]> = {
  '1:1': [1024, 1024],
  '3:4': [896, 1280],
  '4:3': [1280, 896],
  '9:16': [768, 1408],
  '16:9': [1408, 768],
}

const gemini = (imageSizes: string[], maxInputImages: number): GoogleModel => ({
  family: 'gemini',
  method: 'generateContent',
  dimensions: GEMINI_1K,
  imageSizes,
  maxInputImages,
  maxImages: 1,
})

const imagen = (imageSizes: string[]): GoogleModel => ({
  family: 'imagen',
  method: 'predict',
  dimensions: IMAGEN_1K,
  imageSizes,
  maxInputImages: 0,
  maxImages: 4,
})

export const GOOGLE_MODELS: Readonly<Record<string, GoogleModel>> = {
  'gemini-2.5-flash-image': gemini([], 3),
  'gemini-2.5-flash-image-preview': gemini([], 3),
  'gemini-3-pro-image-preview': gemini(['1K', '2K', '4K'], 14),
  'imagen-4.0-generate-001': imagen(['1K', '2K']),
  'imagen-4.0-ultra-generate-001': imagen(['1K', '2K']),
  'imagen-4.0-fast-generate-001': imagen([]),
}

/** The pixels an image of this ratio and size comes out at. */
export function pixelSize(model: GoogleModel, aspectRatio: string, imageSize: string): [number, number] {
  const [width, height] = model.dimensions[aspectRatio] ?? [1024, 1024]
  const scale = imageSize === '4K' ? 4 : imageSize === '2K' ? 2 : 1
  return [width * scale, height * scale]
}

/** The listed ratio nearest to an input image's: what Gemini makes from an edit without `aspectRatio`. */
export function nearestRatio(model: GoogleModel, width: number, height: number): string {
  let best = '1:1'
  let distance = Number.POSITIVE_INFINITY
  for (const [ratio, [w, h]] of Object.entries(model.dimensions)) {
    const gap = Math.abs(Math.log(w / h) - Math.log(width / height))
    if (gap < distance) [best, distance] = [ratio, gap]
  }
  return best
}
