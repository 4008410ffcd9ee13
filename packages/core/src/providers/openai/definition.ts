import type { ProviderDefinition } from '../definition.js'
import { openaiModels } from './models.js'
import { type OpenAIOptions, resolveOpenAIOptions } from './options.js'
import { OPENAI_PRICES } from './prices.js'

/** OpenAI's registry line: the Images API (or a compatible server, or Azure). */
export const openaiDefinition: ProviderDefinition = {
  name: 'openai',
  summary: 'default; also compatible servers and Azure',
  keyVariables: ['OPENAI_API_KEY'],
  defaultModel: 'gpt-image-1',
  models: openaiModels,
  prices: OPENAI_PRICES,
  // The run's time limit wins: it already defaults to `openai.timeoutMs`.
  optionsFrom: ({ openai, timeoutMs }) => ({ ...openai, timeoutMs }),
  checkOptions: (options, env) => void resolveOpenAIOptions(options as OpenAIOptions, env),
  load: async () => (await import('./index.js')).createOpenAIProvider as never,
}
