export { isProviderError, ProviderError, type ProviderErrorDetails } from './errors.js'
export { createFalProvider, type FalOptions, type FalProvider } from './fal/index.js'
export { createGoogleProvider, type GoogleOptions, type GoogleProvider } from './google/index.js'
export { retryAfterMs } from './http/headers.js'
export { createOpenAIProvider, type OpenAIProvider } from './openai/index.js'
export type { AzureOptions, OpenAIOptions } from './openai/options.js'
export { parseResetDuration } from './openai/rate-limit-headers.js'
export { createPlaceholderProvider } from './placeholder.js'
export type { RateLimitState } from './rate-limits.js'
export {
  type ClosableProvider,
  findProvider,
  PROVIDER_NAMES,
  PROVIDERS,
  type ProviderDefinition,
} from './registry.js'
export { createProviderRouter } from './router.js'
export type { GeneratedImage, GenerationRequest, GenerationResult, Provider, Usage } from './types.js'
