import type { TransformFit } from '../manifest/types.js'
import type { ImageStep } from './step.js'

/**
 * To `width`, the height following the aspect ratio. `fit` only matters once a height is asked for
 * too; it is passed already so that adding heights later changes no call here.
 * `withoutEnlargement` backs up the width planning, which never asks for more than the source has.
 */
export function resizeTo(width: number, fit: TransformFit): ImageStep {
  return (image) => image.resize({ width, fit, withoutEnlargement: true })
}
