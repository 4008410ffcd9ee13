export { createImagegen } from './create-imagegen.js'
export type {
  EntryOutcome,
  GenerateOptions,
  Imagegen,
  ImagegenEngine,
  ResolveOptions,
} from './imagegen.js'
export { MISSING_IMAGES_FIX } from './missing-images.js'
export {
  defaultMode,
  MODES,
  type Mode,
  type Options,
  type ResolvedOptions,
  resolveOptions,
} from './options.js'
export type { PlannedEntry, PlannedEntryStatus, ResolvedEntry, ResolvedImage } from './resolved-entry.js'
