import type { InputRule } from './types.js'

export const MiB = 1024 * 1024

/** The mask is a PNG under 4 MB for every model (and should match the first image's size). */
export const MASK: InputRule = { formats: ['png'], maxBytes: 4 * MiB, maxCount: 1, square: false }

/** A model imagegen does not know: only that the file is an image the API family reads. */
export const ANY_INPUT: InputRule = {
  formats: ['png', 'jpeg', 'webp'],
  maxBytes: Number.POSITIVE_INFINITY,
  maxCount: 16,
  square: false,
}
