export { PIPELINE_VERSION } from './cache-key.js'
export { defaultCacheDir, type PipelineOptions } from './options.js'
export { createPipeline, type Pipeline } from './pipeline.js'
export type {
  BlurPlaceholder,
  ColorPlaceholder,
  DerivedImage,
  ImagePlaceholder,
  ImageVariant,
  SourceImage,
} from './types.js'
