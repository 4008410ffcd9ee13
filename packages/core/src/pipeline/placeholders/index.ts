import type { PlaceholderKind } from '../../manifest/types.js'
import type { ImagePlaceholder } from '../types.js'
import { blurPlaceholder } from './blur.js'
import { colorPlaceholder } from './color.js'

type PlaceholderMaker = (bytes: Buffer) => Promise<ImagePlaceholder>

const PLACEHOLDERS: Readonly<Record<Exclude<PlaceholderKind, 'none'>, PlaceholderMaker>> = {
  blur: blurPlaceholder,
  color: colorPlaceholder,
}

export async function makePlaceholder(
  kind: PlaceholderKind,
  bytes: Buffer,
): Promise<ImagePlaceholder | undefined> {
  return kind === 'none' ? undefined : PLACEHOLDERS[kind](bytes)
}
