import type { EncoderFactory } from './index.js'

/** Only reached by `format: original` on a GIF source. GIF has no quality scale, so none is passed. */
export const gif: EncoderFactory = () => (image) => image.gif()
