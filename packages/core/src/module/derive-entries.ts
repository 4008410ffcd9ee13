import type { ResolvedEntry } from '../engine/resolved-entry.js'
import { webpSize } from '../image-type.js'
import type { ManifestEntry } from '../manifest/types.js'
import type { Pipeline } from '../pipeline/pipeline.js'
import type { DerivedImage } from '../pipeline/types.js'

/** One image of an entry, ready to become module code: its files, its placeholder, its provenance. */
export interface DerivedEntryImage extends DerivedImage {
  revisedPrompt?: string
  /** Dimensions of the blur placeholder's image, for Next's `blurWidth`/`blurHeight`. */
  blurSize?: { width: number; height: number }
}

/** An entry with every image derived: everything module code is made from. */
export interface DerivedEntry {
  entry: ManifestEntry
  key: string
  images: DerivedEntryImage[]
}

/** Runs every image of `resolved` through the pipeline by its entry's transform and placeholder. */
export async function deriveEntries(
  pipeline: Pipeline,
  resolved: readonly ResolvedEntry[],
): Promise<DerivedEntry[]> {
  return Promise.all(
    resolved.map(async ({ entry, key, images }) => ({
      entry,
      key,
      images: await Promise.all(
        images.map(async (image): Promise<DerivedEntryImage> => {
          // A copy: the pipeline may hand the same object to every caller that asked at once.
          const derived: DerivedEntryImage = {
            ...(await pipeline.derive(image, entry.transform, entry.placeholder)),
          }
          if (image.revisedPrompt) derived.revisedPrompt = image.revisedPrompt
          if (derived.placeholder?.kind === 'blur')
            derived.blurSize = dataUrlSize(derived.placeholder.dataURL)
          return derived
        }),
      ),
    })),
  )
}

/** The blur placeholder is a WebP of a few hundred bytes: its header says its size. */
function dataUrlSize(dataURL: string): { width: number; height: number } {
  const bytes = Buffer.from(dataURL.slice(dataURL.indexOf(',') + 1), 'base64')
  return webpSize(bytes) ?? { width: 0, height: 0 }
}
