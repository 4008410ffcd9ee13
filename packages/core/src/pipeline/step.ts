import type { Sharp } from 'sharp'

/** One stage of a sharp pipeline, made by a small factory from one option, as imagetools does. */
export type ImageStep = (image: Sharp) => Sharp
