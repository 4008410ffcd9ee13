import { join } from 'node:path'
import { z } from 'zod'
import { IMAGE_FORMATS } from '../image-type.js'
import { fileSizeIfExists, readSmallText } from '../small-files.js'
import type { DerivativeCache } from './cache-files.js'
import type { DerivedImage } from './types.js'

/**
 * One small JSON file per (source, transform, placeholder) holding everything `derive` returns, so a
 * warm run answers from it alone: no source read, no decode. Variant files are named relative to the
 * cache directory. Its layout needs no version of its own: `PIPELINE_VERSION` is part of its key.
 */
const cacheIndexSchema = z.object({
  key: z.string(),
  variants: z.array(
    z.object({
      width: z.int().positive(),
      height: z.int().positive(),
      format: z.enum(IMAGE_FORMATS),
      file: z.string().regex(/^[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z]+$/),
      bytes: z.int().nonnegative(),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  placeholder: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('blur'), dataURL: z.string().startsWith('data:image/') }),
      z.object({ kind: z.literal('color'), color: z.string().regex(/^#[0-9a-f]{6}$/) }),
    ])
    .optional(),
})

/** A hit, or why not; `problem` is unset when there simply was no index yet. */
export type CacheLookup = { hit: DerivedImage } | { hit?: undefined; problem?: string }

export function readCacheIndex(cache: DerivativeCache, key: string): CacheLookup {
  const indexFile = cache.file(key, 'json')
  const text = readSmallText(indexFile)
  if (text === undefined) return {}
  const parsed = cacheIndexSchema.safeParse(parseJson(text))
  if (!parsed.success || parsed.data.key !== key) return { problem: `unreadable cache index ${indexFile}` }

  const variants = parsed.data.variants.map((variant) => ({
    ...variant,
    file: join(cache.dir, variant.file),
  }))
  // Sizes only: hashing every file would read every image, which a warm run is meant not to do.
  const damaged = variants.find((variant) => fileSizeIfExists(variant.file) !== variant.bytes)
  if (damaged) return { problem: `cached derivative ${damaged.file} is missing or damaged` }
  const { placeholder } = parsed.data
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
