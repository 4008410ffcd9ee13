import type { EncoderFactory } from './index.js'

/** sharp's default effort (4): lower is faster but larger, and a cached derivative is encoded once. */
export const avif: EncoderFactory = (quality) => (image) => image.avif({ quality })
