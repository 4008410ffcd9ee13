import type { ProviderDefinition } from '../definition.js'
import { falModels } from './models.js'
import { FAL_KEY_VARIABLES, type FalOptions, resolveFalOptions } from './options.js'
import { FAL_PRICES } from './prices.js'

/** fal's registry line: the gateway to FLUX, Recraft and Ideogram. */
export const falDefinition: ProviderDefinition = {
  name: 'fal',
  summary: 'FLUX, Recraft, Ideogram',
  keyVariables: FAL_KEY_VARIABLES,
  defaultModel: 'fal-ai/flux/dev',
  models: falModels,
  prices: FAL_PRICES,
  optionsFrom: ({ fal, timeoutMs }) => ({ timeoutMs, ...fal }),
  checkOptions: (options, env) => void resolveFalOptions(options as FalOptions, env),
  load: async () => (await import('./index.js')).createFalProvider as never,
}
