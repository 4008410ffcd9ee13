import pLimit from 'p-limit'
import type { PlaceholderKind, Transform } from '../manifest/types.js'
import { createDerivativeCache } from './cache-files.js'
import { readCacheIndex, writeCacheIndex } from './cache-index.js'
import { derivationKey, variantKey } from './cache-key.js'
import { createInFlight } from './in-flight.js'
import { type PipelineOptions, resolvePipelineOptions } from './options.js'
import { type DerivationPlan, planDerivation } from './plan.js'
import type { DerivedImage, ImageVariant, SourceImage } from './types.js'

export interface Pipeline {
  /** Absolute path of the derivative cache. */
  readonly cacheDir: string
  /**
   * The variants and placeholder of `source` under `transform`. From the cache when it has them, and
   * then the source is never read; otherwise made, cached, and returned the same way.
   */
  derive(source: SourceImage, transform: Transform, placeholder: PlaceholderKind): Promise<DerivedImage>
}

/** No I/O here: the cache directory is made by the first derivative written into it. */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { cacheDir, concurrency, logger } = resolvePipelineOptions(options)
  const cache = createDerivativeCache(cacheDir)
  // Only cache misses queue for a slot: a hit reads one small file and costs no memory worth bounding.
  const limit = pLimit(concurrency)
  const derivations = createInFlight<DerivedImage>()
  // Two transforms sharing a width may miss at once; the variant they share is still made once.
  const variants = createInFlight<ImageVariant>()

  async function produce(source: SourceImage, plan: DerivationPlan, key: string): Promise<DerivedImage> {
    // sharp loads with the first miss: a build whose derivatives are all cached never pays for it.
    const [{ configureSharp }, { deriveVariant }, { makePlaceholder }] = await Promise.all([
      import('./sharp-settings.js'),
      import('./derive-variant.js'),
      import('./placeholders/index.js'),
    ])
    configureSharp()
    const started = performance.now()
    // Read here, inside the limit, so only `concurrency` sources are ever held in memory at once.
    const bytes = await source.read()
    const made: ImageVariant[] = []
    // One after another: each variant decodes the whole source, and memory is bounded per source.
    for (const spec of plan.variants) {
      const fileKey = variantKey(source.hash, spec)
      made.push(await variants(fileKey, () => deriveVariant(cache, fileKey, source, bytes, spec)))
    }
    const placeholder = await makePlaceholder(plan.placeholder, bytes)
    const derived: DerivedImage = placeholder ? { variants: made, placeholder } : { variants: made }
    // Variants first, index last: an index on disk always names files that are complete.
    await writeCacheIndex(cache, key, derived)
    const elapsed = Math.round(performance.now() - started)
    logger.debug?.(
      `imagegen pipeline: derived ${source.hash.slice(0, 12)} (${made.length} variants) in ${elapsed} ms`,
    )
    return derived
  }

  return {
    cacheDir: cache.dir,
    async derive(source, transform, placeholder) {
      const plan = planDerivation(source, transform, placeholder)
      const key = derivationKey(source.hash, plan)
      return derivations(key, async () => {
        const lookup = readCacheIndex(cache, key)
        if (lookup.hit) return lookup.hit
        if (lookup.problem) logger.debug?.(`imagegen pipeline: ${lookup.problem}; deriving it again`)
        return limit(() => produce(source, plan, key))
      })
    },
  }
}
