import type { ProviderDefinition } from '../definition.js'
import { googleModels } from './models.js'
import { GOOGLE_KEY_VARIABLES, type GoogleOptions, resolveGoogleOptions } from './options.js'
import { GOOGLE_PRICES } from './prices.js'

/** Google's registry line: the Gemini API, for Gemini image models and Imagen. */
export const googleDefinition: ProviderDefinition = {
  name: 'google',
  summary: 'Gemini and Imagen',
  keyVariables: GOOGLE_KEY_VARIABLES,
  defaultModel: 'gemini-2.5-flash-image',
  models: googleModels,
  prices: GOOGLE_PRICES,
  optionsFrom: ({ google, timeoutMs }) => ({ timeoutMs, ...google }),
  checkOptions: (options, env) => void resolveGoogleOptions(options as GoogleOptions, env),
  load: async () => (await import('./index.js')).createGoogleProvider as never,
}
