import { ImagegenError } from '../errors.js'
import type { ImageFormat } from '../image-type.js'
import type { PlaceholderKind, Transform, TransformFit } from '../manifest/types.js'
import type { SourceImage } from './types.js'

/** Everything that decides the bytes of one variant; its cache key is made of this. */
export interface VariantSpec {
  width: number
  format: ImageFormat
  /** Undefined: the encoder's own default. */
  quality: number | undefined
  fit: TransformFit
  /** The source bytes as they are: `format: original`, the source width, and no quality asked for. */
  copy: boolean
}

/** A transform made concrete for one source: what `derive` makes, and what its cache index is keyed on. */
export interface DerivationPlan {
  variants: VariantSpec[]
  placeholder: PlaceholderKind
}

/** sharp's own default; with only a width to fit into it changes nothing yet, but it is kept and keyed. */
const DEFAULT_FIT: TransformFit = 'cover'

export function planDerivation(
  source: Pick<SourceImage, 'format' | 'width'>,
  transform: Transform,
  placeholder: PlaceholderKind,
): DerivationPlan {
  const { format: requested = 'original', widths, quality, fit = DEFAULT_FIT } = transform
  if (quality !== undefined && !(Number.isInteger(quality) && quality >= 1 && quality <= 100)) {
    throw new ImagegenError('CONFIG', `transform quality ${quality} is not an integer from 1 to 100`)
  }
  const format = requested === 'original' ? source.format : requested
  const variants = variantWidths(source.width, widths).map((width) => ({
    width,
    format,
    quality,
    fit,
    copy: requested === 'original' && width === source.width && quality === undefined,
  }))
  return { variants, placeholder }
}

/**
 * The widths to make, ascending and distinct. Never wider than the source: an upscale adds bytes and no
 * detail, so a wider request becomes the source width. No widths at all means the source width alone.
 */
export function variantWidths(sourceWidth: number, widths: readonly number[] = []): number[] {
  for (const width of widths) {
    if (!Number.isInteger(width) || width < 1) {
      throw new ImagegenError('CONFIG', `transform width ${width} is not a positive integer`)
    }
  }
  const clamped = widths.length === 0 ? [sourceWidth] : widths.map((width) => Math.min(width, sourceWidth))
  return [...new Set(clamped)].sort((a, b) => a - b)
}
