import type { InputRule } from './types.js'

const MiB = 1024 * 1024

/** GPT image models read png, webp or jpg files under 50 MB, up to 16 of them. */
export const GPT_IMAGE_INPUTS: InputRule = {
  formats: ['png', 'jpeg', 'webp'],
  maxBytes: 50 * MiB,
  maxCount: 16,
  square: false,
}

/** DALL·E 2 reads one square PNG under 4 MB, for edits and variations alike. */
export const SQUARE_PNG: InputRule = { formats: ['png'], maxBytes: 4 * MiB, maxCount: 1, square: true }

/** The mask is a PNG under 4 MB for every model (and should match the first image's size). */
export const MASK: InputRule = { formats: ['png'], maxBytes: 4 * MiB, maxCount: 1, square: false }

/** A model imagegen does not know: only that the file is an image the API family reads. */
export const ANY_INPUT: InputRule = {
  formats: ['png', 'jpeg', 'webp'],
  maxBytes: Number.POSITIVE_INFINITY,
  maxCount: 16,
  square: false,
}
