import type { EncoderFactory } from './index.js'

export const webp: EncoderFactory = (quality) => (image) => image.webp({ quality })
