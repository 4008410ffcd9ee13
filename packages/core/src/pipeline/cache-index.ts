import { join } from 'node:path'
import { IMAGE_FORMATS } from '../image-type.js'
import { array, byKind, integer, object, oneOf, optional, parseJson, string } from '../json-shape.js'
import { fileSizeIfExists, readSmallText } from '../small-files.js'
import type { DerivativeCache } from './cache-files.js'
import type { DerivedImage, ImagePlaceholder, ImageVariant } from './types.js'

/**
 * One small JSON file per (source, transform, placeholder) holding everything `derive` returns, so a
 * warm run answers from it alone: no source read, no decode. Variant files are named relative to the
 * cache directory. Its layout needs no version of its own: `PIPELINE_VERSION` is part of its key.
 */
const cacheIndexShape = object({
  key: string(),
  variants: array(
    object({
      width: integer(1),
      height: integer(1),
      format: oneOf(IMAGE_FORMATS),
      file: string(/^[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z]+$/),
      bytes: integer(0),
      hash: string(/^[0-9a-f]{64}$/),
    }),
  ),
  placeholder: optional(
    byKind({
      blur: object({ dataURL: string(/^data:image\//) }),
      color: object({ color: string(/^#[0-9a-f]{6}$/) }),
    }),
  ),
})

/** What `writeCacheIndex` writes. */
interface CacheIndex {
  key: string
  variants: ImageVariant[]
  placeholder?: ImagePlaceholder
}

/** A hit, or why not; `problem` is unset when there simply was no index yet. */
export type CacheLookup = { hit: DerivedImage } | { hit?: undefined; problem?: string }

export function readCacheIndex(cache: DerivativeCache, key: string): CacheLookup {
  const indexFile = cache.file(key, 'json')
  const text = readSmallText(indexFile)
  if (text === undefined) return {}
  const json = parseJson(text)
  if (cacheIndexShape(json, '') || (json as CacheIndex).key !== key) {
    return { problem: `unreadable cache index ${indexFile}` }
  }
  const index = json as CacheIndex
  const variants = index.variants.map(({ width, height, format, file, bytes, hash }) => ({
    width,
    height,
    format,
    file: join(cache.dir, file),
    bytes,
    hash,
  }))
  // Sizes only: hashing every file would read every image, which a warm run is meant not to do.
  const damaged = variants.find((variant) => fileSizeIfExists(variant.file) !== variant.bytes)
  if (damaged) return { problem: `cached derivative ${damaged.file} is missing or damaged` }
  const { placeholder } = index
  return { hit: placeholder ? { variants, placeholder } : { variants } }
}

export async function writeCacheIndex(
  cache: DerivativeCache,
  key: string,
  derived: DerivedImage,
): Promise<void> {
  const variants = derived.variants.map((variant) => ({ ...variant, file: cache.relativeName(variant.file) }))
  const index = { key, variants, placeholder: derived.placeholder }
  await cache.write(cache.file(key, 'json'), `${JSON.stringify(index, null, 2)}\n`)
}
