import type { ImageFormat } from '../image-type.js'

/** One `<source>` of a `<picture>`: every width of one format. */
export interface ImagegenImageSource {
  /** `image/avif`, `image/webp`, … */
  type: string
  srcset: string
}

/** Where an image came from; for captions, credits and debugging. */
export interface ImagegenImageMeta {
  /** The recipe key: the store's name for the generation. */
  key: string
  model: string
  prompt?: string
  /** The prompt as the model rewrote it (DALL·E 3), when it did. */
  revisedPrompt?: string
}

/**
 * An imported image. A superset of Astro's `ImageMetadata` (`src`, `width`, `height`, `format`) and of
 * Next's `StaticImageData` (`src`, `width`, `height`, `blurDataURL`, `blurWidth`, `blurHeight`), so it
 * can be given to their `<Image>` as `src`. An entry with `n > 1` is an array of these.
 */
export interface ImagegenImage {
  /** URL of the largest variant. */
  src: string
  /** Of `src`. */
  width: number
  /** Of `src`. */
  height: number
  format: ImageFormat
  /** From the manifest; `''` (decorative) when it gives none. */
  alt: string
  /** Every variant as `url 320w, url 640w`, for `<img srcset>`. */
  srcset: string
  /** The same variants for `<picture>`, one `<source>` per format. */
  sources: ImagegenImageSource[]
  /**
   * What to show while the image loads, in the terms of Next's `<Image placeholder>`: `blur` (see
   * `blurDataURL`), `empty`, or for `placeholder: color` a `data:` URL of the dominant colour.
   */
  placeholder: 'blur' | 'empty' | `data:image/${string}`
  /** A tiny blurred WebP as a `data:` URL; only with `placeholder: blur`. */
  blurDataURL?: string
  blurWidth?: number
  blurHeight?: number
  /** The dominant colour, `#rrggbb`; only with `placeholder: color`. */
  color?: string
  /**
   * Only when the bundler plugin is given `meta: true`: prompts and recipe keys stay out of client
   * bundles unless a site asks for them (captions, credits).
   */
  meta?: ImagegenImageMeta
}
