import sharp from 'sharp'
import type { ColorPlaceholder } from '../types.js'

/** Enough pixels to find the colour that covers most of the picture, few enough to count in a blink. */
const SAMPLE_EDGE = 64
/**
 * sharp's histogram has 16 bins per channel and reports a bin by its centre. Its exact edges are
 * libvips' business (16 falls in the first bin, 17 in the second), so a pixel counts as in the winning
 * bin when each channel is within half a bin of that centre: that takes in the whole bin, and at most
 * the edge values of its neighbours.
 */
const HALF_BIN = 8

/**
 * The dominant colour as sharp's `stats().dominant` finds it, made exact: sharp reports the centre of
 * the winning histogram bin (#336699 comes back as #386898), so this averages the pixels in that bin
 * instead. Transparent pixels count with whatever colour they hold, as they do for sharp.
 */
export async function colorPlaceholder(bytes: Buffer): Promise<ColorPlaceholder> {
  // Nearest-neighbour keeps only colours the picture really has; smoother kernels would blend
  // neighbouring regions into colours that are in neither.
  const { data, info } = await sharp(bytes)
    .resize(SAMPLE_EDGE, SAMPLE_EDGE, { fit: 'inside', kernel: 'nearest', withoutEnlargement: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const raw = { width: info.width, height: info.height, channels: info.channels }
  const { dominant } = await sharp(data, { raw }).stats()
  return { kind: 'color', color: toHex(meanOfBin(data, info.channels, dominant)) }
}

type Rgb = { r: number; g: number; b: number }

function meanOfBin(pixels: Buffer, channels: number, centre: Rgb): Rgb {
  const near = (value: number, middle: number) => Math.abs(value - middle) <= HALF_BIN
  const sum = { r: 0, g: 0, b: 0 }
  let count = 0
  for (let offset = 0; offset + 2 < pixels.length; offset += channels) {
    const r = pixels[offset] ?? 0
    const g = pixels[offset + 1] ?? 0
    const b = pixels[offset + 2] ?? 0
    if (!near(r, centre.r) || !near(g, centre.g) || !near(b, centre.b)) continue
    sum.r += r
    sum.g += g
    sum.b += b
    count++
  }
  if (count === 0) return centre
  return { r: Math.round(sum.r / count), g: Math.round(sum.g / count), b: Math.round(sum.b / count) }
}

function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((value) => value.toString(16).padStart(2, '0')).join('')}`
}
