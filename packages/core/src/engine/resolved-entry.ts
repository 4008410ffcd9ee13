import type { ImageFormat } from '../image-type.js'
import type { ManifestEntry } from '../manifest/types.js'
import type { Recipe } from '../recipe/types.js'
import type { EntryStatus } from '../store/read-entry.js'
import type { StoreRecord } from '../store/record.js'

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
