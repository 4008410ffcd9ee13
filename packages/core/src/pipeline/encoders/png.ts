import type { EncoderFactory } from './index.js'

/**
 * PNG is lossless, so a quality only means something as a palette: with one, the image is quantised
 * to the fewest colours that reach it (libimagequant), which is much smaller and a little lossy.
 * Without one it stays full colour and lossless.
 */
export const png: EncoderFactory = (quality) => (image) =>
  quality === undefined ? image.png() : image.png({ palette: true, quality })
