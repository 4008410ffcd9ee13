import type { FalOptions } from './fal/options.js'
import type { GoogleOptions } from './google/options.js'
import type { OpenAIOptions } from './openai/options.js'

/**
 * Each provider's settings, under its registry name: a section of the engine's options and of
 * `imagegen.config.*`. The key itself is never among them: it comes only from the environment.
 */
export interface ProviderOptions {
  /** OpenAI provider settings (also compatible servers and Azure); the key comes from `OPENAI_API_KEY`. */
  openai?: OpenAIOptions
  /** Google (Gemini API) provider settings; the key comes from `GEMINI_API_KEY` / `GOOGLE_API_KEY`. */
  google?: GoogleOptions
  /** fal (FLUX, Recraft, Ideogram) provider settings; the key comes from `FAL_KEY`. */
  fal?: FalOptions
}
