export {
  type DeclarationOptions,
  declarationFile,
  entryQueryDeclarations,
  manifestDeclarations,
  QUERY_DECLARATION_FILE,
} from './declarations.js'
export { type DerivedEntry, type DerivedEntryImage, deriveEntries } from './derive-entries.js'
export {
  type AssetUrl,
  entryModuleCode,
  type ModuleAsset,
  type ModuleCodeOptions,
  manifestModuleCode,
} from './module-code.js'
export type { ImagegenImage, ImagegenImageMeta, ImagegenImageSource } from './types.js'
export { writeIfChanged } from './write-if-changed.js'
