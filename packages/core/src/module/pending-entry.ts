import type { PlannedEntry } from '../engine/resolved-entry.js'
import { planDerivation } from '../pipeline/plan.js'
import type { ImageVariant } from '../pipeline/types.js'
import { requestedFormat, requestedSize } from '../providers/requested-size.js'
import type { DerivedEntry } from './derive-entries.js'

/**
 * A missing entry as module code needs it, made without pixels: the variants its transform will make
 * from an image of the requested size, with no files behind them yet. A dev server gives them URLs that
 * answer with a placeholder until the image arrives, so hundreds of missing entries cost what stored
 * ones do: nothing is drawn, encoded or derived for them.
 */
export function pendingEntry({ entry, recipe, key }: PlannedEntry): DerivedEntry {
  const { width, height } = requestedSize(recipe)
  const plan = planDerivation({ format: requestedFormat(recipe), width }, entry.transform, 'none')
  const variants = plan.variants.map(
    (spec): ImageVariant => ({
      width: spec.width,
      height: Math.round((height * spec.width) / width),
      format: spec.format,
      file: '',
      bytes: 0,
      hash: key,
    }),
  )
  return { entry, key, images: Array.from({ length: recipe.request.n }, () => ({ variants })) }
}
