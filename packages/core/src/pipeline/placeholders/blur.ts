import sharp from 'sharp'
import type { BlurPlaceholder } from '../types.js'

/** Next.js draws its own blur placeholders from 8px images; 16px keeps a little more shape for ~100 bytes. */
const LONG_EDGE = 16

/**
 * A tiny copy, softened so that its pixels do not show as blocks when the browser scales it up, as a
 * WebP data URL (a few hundred characters at most, with or without alpha) for `blurDataURL`.
 */
export async function blurPlaceholder(bytes: Buffer): Promise<BlurPlaceholder> {
  const tiny = await sharp(bytes)
    .resize(LONG_EDGE, LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
    .blur(1)
    .webp({ quality: 50 })
    .toBuffer()
  return { kind: 'blur', dataURL: `data:image/webp;base64,${tiny.toString('base64')}` }
}
