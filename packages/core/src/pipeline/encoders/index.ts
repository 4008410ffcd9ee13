import type { ImageFormat } from '../../image-type.js'
import type { ImageStep } from '../step.js'
import { avif } from './avif.js'
import { gif } from './gif.js'
import { jpeg } from './jpeg.js'
import { png } from './png.js'
import { webp } from './webp.js'

/** Makes the encoding step for a quality from 1 to 100; undefined leaves the encoder's own default. */
export type EncoderFactory = (quality: number | undefined) => ImageStep

export const ENCODERS: Readonly<Record<ImageFormat, EncoderFactory>> = { avif, gif, jpeg, png, webp }
