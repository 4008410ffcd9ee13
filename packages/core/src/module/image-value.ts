import type { DerivedEntry, DerivedEntryImage } from './derive-entries.js'
import type { Expression, LiteralValue } from './js-literal.js'
import type { ImagegenImage } from './types.js'

/** The variables that hold one image's URLs, in the order of its variants, and its srcset per format. */
export interface ImageBindings {
  urls: Expression[]
  srcsets: Map<string, Expression>
}

type ImageFields = { [K in keyof ImagegenImage]: LiteralValue | undefined }

/**
 * The image object of `ImagegenImage`, with URLs and srcsets as the variables `bindings` names, and
 * `meta` only when asked for. The store-or-generated question is left out on purpose: a cache hit and a
 * miss must make the same module.
 */
export function imageValue(
  derived: DerivedEntry,
  image: DerivedEntryImage,
  bindings: ImageBindings,
  withMeta: boolean,
): LiteralValue {
  const { entry, key } = derived
  const last = image.variants.length - 1
  const largest = image.variants[last]
  const src = bindings.urls[last]
  const srcset = largest && bindings.srcsets.get(largest.format)
  if (!largest || !src || !srcset) {
    throw new Error(`imagegen: entry ${entry.name} has an image without variants`)
  }
  const fields: ImageFields = {
    src,
    width: largest.width,
    height: largest.height,
    format: largest.format,
    alt: entry.alt ?? '',
    srcset,
    sources: [...bindings.srcsets].map(([format, srcset]) => ({ type: `image/${format}`, srcset })),
    ...placeholderFields(image),
    meta: withMeta
      ? { key, model: entry.request.model, prompt: entry.request.prompt, revisedPrompt: image.revisedPrompt }
      : undefined,
  }
  return fields
}

type PlaceholderFields = Pick<
  ImageFields,
  'placeholder' | 'blurDataURL' | 'blurWidth' | 'blurHeight' | 'color'
>

function placeholderFields({ placeholder, blurSize }: DerivedEntryImage): PlaceholderFields {
  if (placeholder?.kind === 'blur') {
    return {
      placeholder: 'blur',
      blurDataURL: placeholder.dataURL,
      blurWidth: blurSize?.width,
      blurHeight: blurSize?.height,
      color: undefined,
    }
  }
  const color = placeholder?.kind === 'color' ? placeholder.color : undefined
  return {
    placeholder: color ? colorDataUrl(color) : 'empty',
    blurDataURL: undefined,
    blurWidth: undefined,
    blurHeight: undefined,
    color,
  }
}

/** A one-pixel SVG of the colour, which Next's `<Image placeholder>` takes as it is and CSS stretches. */
function colorDataUrl(color: string): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'><rect width='1' height='1' fill='${color}'/></svg>`
  return `data:image/svg+xml,${svg.replace(/[<>#]/g, encodeURIComponent)}`
}
