// Types and the router only: each provider's code (its HTTP client, sharp) loads when a job needs it,
// through the registry, so importing this (a bundler's warm build) loads neither undici nor sharp.
export { isProviderError, ProviderError, type ProviderErrorDetails } from './errors.js'
export type { FalOptions, FalProvider } from './fal/index.js'
export type { GoogleOptions, GoogleProvider } from './google/index.js'
export type { OpenAIProvider } from './openai/index.js'
export type { AzureOptions, OpenAIOptions } from './openai/options.js'
export { createPlaceholderProvider } from './placeholder.js'
export type { ProviderOptions } from './provider-options.js'
export type { RateLimitState } from './rate-limits.js'
export {
  type ClosableProvider,
  findProvider,
  KEY_VARIABLES_TEXT,
  PROVIDER_NAMES,
  PROVIDERS,
  type ProviderDefinition,
} from './registry.js'
export { createProviderRouter } from './router.js'
export type {
  GeneratedImage,
  GenerationOptions,
  GenerationRequest,
  GenerationResult,
  PartialImage,
  PartialImagesRequest,
  Provider,
  Usage,
} from './types.js'
