import type { EncoderFactory } from './index.js'

/**
 * JPEG has no alpha. Flattened onto white, transparent areas look as they did on a typical page;
 * dropping the alpha channel instead would show whatever colour the transparent pixels happen to hold,
 * usually black.
 */
export const jpeg: EncoderFactory = (quality) => (image) =>
  image.flatten({ background: '#ffffff' }).jpeg({ quality })
