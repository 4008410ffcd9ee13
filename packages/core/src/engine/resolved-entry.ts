import type { ImageFormat } from '../image-type.js'
import type { ManifestEntry } from '../manifest/types.js'
import type { Recipe } from '../recipe/types.js'
import type { EntryStatus } from '../store/read-entry.js'
import type { StoreRecord } from '../store/record.js'
import type { Store } from '../store/store.js'

/** An entry with its recipe and key: everything needed to look it up or generate it. */
export interface PlannedEntry {
  entry: ManifestEntry
  recipe: Recipe
  key: string
}

export interface PlannedEntryStatus extends PlannedEntry {
  state: EntryStatus
  /** When a stored image is in another format than the request asked (the provider chose). */
  formatMismatch?: { requested: ImageFormat; stored: ImageFormat }
}

/** One image of an entry. Its bytes are read on demand, so hundreds of entries do not sit in memory. */
export interface ResolvedImage {
  read(): Promise<Buffer>
  format: ImageFormat
  width: number
  height: number
  /** sha256 of the bytes (the store's blob name). */
  hash: string
  revisedPrompt?: string
}

/** An entry's images, and where they came from. */
export interface ResolvedEntry extends PlannedEntry {
  source: 'store' | 'generated' | 'placeholder'
  images: ResolvedImage[]
  /** The store record; absent for placeholders, which are never stored. */
  record?: StoreRecord
}

/** A stored entry's images, each read (and verified) from the store when a bundler asks for its bytes. */
export function fromRecord(store: Store, planned: PlannedEntry, record: StoreRecord): ResolvedEntry {
  const images = record.outputs.map((output): ResolvedImage => {
    const image: ResolvedImage = {
      read: () => store.readBlob(output),
      format: output.format,
      width: output.width,
      height: output.height,
      hash: output.blob,
    }
    if (output.revised_prompt) image.revisedPrompt = output.revised_prompt
    return image
  })
  return { ...planned, source: 'store', images, record }
}
