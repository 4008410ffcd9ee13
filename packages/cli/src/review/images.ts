import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ReviewSide } from './load-state.js'

/** One image of an entry as the gallery shows it: a file beside index.html and the original's size. */
export interface GalleryImage {
  file: string
  width: number
  height: number
  format: string
  bytes: number
}

/** Wide enough to judge an image, small enough for a CI artifact of many entries. */
const PREVIEW_WIDTH = 768

/** Writes a preview of each stored image of `side` under `dir/images/`, once per blob. */
export async function writePreviews(dir: string, side: ReviewSide | undefined): Promise<GalleryImage[]> {
  if (!side?.record || !side.store) return []
  const { default: sharp } = await import('sharp')
  await mkdir(join(dir, 'images'), { recursive: true })
  const store = side.store
  return Promise.all(
    side.record.outputs.map(async (output) => {
      const file = `images/${output.blob.slice(0, 24)}.webp`
      const bytes = await store.readBlob(output)
      const preview = await sharp(bytes)
        .resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer()
      await writeFile(join(dir, file), preview)
      return { file, width: output.width, height: output.height, format: output.format, bytes: output.bytes }
    }),
  )
}
