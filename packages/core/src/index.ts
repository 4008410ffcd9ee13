// The public API of @imagegen/core, listed in its README. What only the sibling packages need
// (module code, the pipeline, the store, type files) is in `@imagegen/core/internal`.

import { createImagegen as createEngine, type Imagegen, type Options } from './engine/index.js'

export {
  CONFIG_FILES,
  defineConfig,
  type ImagegenConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from './config/index.js'
/**
 * The engine for the project at `options.root` (default: the working directory). Its store and
 * remote stay inside: the CLI and the bundler plugins reach them through `@imagegen/core/internal`.
 */
export const createImagegen: (options?: Options) => Imagegen = createEngine

export {
  type EntryOutcome,
  type GenerateOptions,
  type Imagegen,
  MODES,
  type Mode,
  type Options,
  type PlannedEntry,
  type PlannedEntryStatus,
  type ResolvedEntry,
  type ResolvedImage,
  type ResolvedOptions,
  type ResolveOptions,
} from './engine/index.js'
export {
  ImagegenError,
  type ImagegenErrorCode,
  type ImagegenErrorDetails,
  isImagegenError,
  ManifestError,
  type SourcePosition,
} from './errors.js'
export type { FailedEntry, RunReport } from './generate/index.js'
export type { ImageFormat } from './image-type.js'
export type { Logger } from './logger.js'
export type * from './manifest/types.js'
export type { ImagegenImage, ImagegenImageMeta, ImagegenImageSource } from './module/index.js'
export type { PartialImage } from './providers/types.js'
