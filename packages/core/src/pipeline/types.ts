import type { ImageFormat } from '../image-type.js'

/** One image to derive from: a store blob, described without its bytes so hundreds can wait cheaply. */
export interface SourceImage {
  /** sha256 of the bytes (the store's blob name): the derivative cache is keyed on it. */
  hash: string
  format: ImageFormat
  width: number
  height: number
  /** Called only when a derivative must be made; a warm cache never calls it. */
  read: () => Promise<Buffer>
}

/** One derived file, ready for a srcset or to be emitted by a bundler. */
export interface ImageVariant {
  width: number
  height: number
  /** The encoded format, never `original`. */
  format: ImageFormat
  /** Absolute path of the file in the derivative cache. */
  file: string
  bytes: number
  /** sha256 of the file's bytes, for content-hashed asset names. */
  hash: string
}

export interface BlurPlaceholder {
  kind: 'blur'
  /** A `data:image/webp;base64,` URL of a tiny blurred copy, well under 1 KB: Next's `blurDataURL`. */
  dataURL: string
}

export interface ColorPlaceholder {
  kind: 'color'
  /** The dominant colour, `#rrggbb`. */
  color: string
}

export type ImagePlaceholder = BlurPlaceholder | ColorPlaceholder

export interface DerivedImage {
  /** Sorted by width, ascending; the last is the largest and the default `src`. */
  variants: ImageVariant[]
  placeholder?: ImagePlaceholder
}
