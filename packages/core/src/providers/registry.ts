import type { ResolvedOptions } from '../engine/options.js'
import type { Logger } from '../logger.js'
import type { ModelRules } from '../models/types.js'
import type { ModelPrice } from '../prices/types.js'
import { falModels } from './fal/models.js'
import { FAL_KEY_VARIABLES, type FalOptions, resolveFalOptions } from './fal/options.js'
import { FAL_PRICES } from './fal/prices.js'
import { googleModels } from './google/models.js'
import { GOOGLE_KEY_VARIABLES, type GoogleOptions, resolveGoogleOptions } from './google/options.js'
import { GOOGLE_PRICES } from './google/prices.js'
import { openaiModels } from './openai/models.js'
import { type OpenAIOptions, resolveOpenAIOptions } from './openai/options.js'
import { OPENAI_PRICES } from './openai/prices.js'
import type { Provider } from './types.js'

export type Env = Record<string, string | undefined>

/** A provider that holds connections, freed when the engine closes. */
export interface ClosableProvider extends Provider {
  close(): Promise<void>
}

/** One API imagegen speaks: its models, where its key comes from, and how to start it. */
export interface ProviderDefinition {
  readonly name: string
  /** What it reaches, for the manifest schema's description of `provider:`. */
  readonly summary: string
  /** Environment variables that hold its key, first found wins. */
  readonly keyVariables: readonly string[]
  /** The model an entry of this provider uses when it names none. */
  readonly defaultModel: string
  readonly models: Readonly<Record<string, ModelRules>>
  /** What its models cost, each table with the page it comes from; a model left out is unknown. */
  readonly prices: readonly ModelPrice[]
  /** Its options, taken from the engine's (its own section, and the run's time limit). */
  optionsFrom(engine: ResolvedOptions): unknown
  /** Throws a CONFIG error for options (or environment) that cannot work, before anything is sent. */
  checkOptions(options: unknown, env: Env): void
  /** Loaded on first use, so reading a manifest never loads an HTTP client. */
  load(): Promise<(options: unknown, env: Env, logger?: Logger) => ClosableProvider>
}

/** Every provider. Adding one is a folder under `providers/` and a line here. */
export const PROVIDERS: readonly ProviderDefinition[] = [
  {
    name: 'openai',
    summary: 'default; also compatible servers and Azure',
    keyVariables: ['OPENAI_API_KEY'],
    defaultModel: 'gpt-image-1',
    models: openaiModels,
    prices: OPENAI_PRICES,
    // The run's time limit wins: it already defaults to `openai.timeoutMs`.
    optionsFrom: ({ openai, timeoutMs }) => ({ ...openai, timeoutMs }),
    checkOptions: (options, env) => void resolveOpenAIOptions(options as OpenAIOptions, env),
    load: async () => (await import('./openai/index.js')).createOpenAIProvider as never,
  },
  {
    name: 'google',
    summary: 'Gemini and Imagen',
    keyVariables: GOOGLE_KEY_VARIABLES,
    defaultModel: 'gemini-2.5-flash-image',
    models: googleModels,
    prices: GOOGLE_PRICES,
    optionsFrom: ({ google, timeoutMs }) => ({ timeoutMs, ...google }),
    checkOptions: (options, env) => void resolveGoogleOptions(options as GoogleOptions, env),
    load: async () => (await import('./google/index.js')).createGoogleProvider as never,
  },
  {
    name: 'fal',
    summary: 'FLUX, Recraft, Ideogram',
    keyVariables: FAL_KEY_VARIABLES,
    defaultModel: 'fal-ai/flux/dev',
    models: falModels,
    prices: FAL_PRICES,
    optionsFrom: ({ fal, timeoutMs }) => ({ timeoutMs, ...fal }),
    checkOptions: (options, env) => void resolveFalOptions(options as FalOptions, env),
    load: async () => (await import('./fal/index.js')).createFalProvider as never,
  },
]

export const PROVIDER_NAMES: readonly string[] = PROVIDERS.map((provider) => provider.name)

export function findProvider(name: string): ProviderDefinition | undefined {
  return PROVIDERS.find((provider) => provider.name === name)
}

/**
 * Every provider's key variables as a message names them, from the registry (so a new provider's key
 * is in every hint): `OPENAI_API_KEY, GOOGLE_API_KEY or GEMINI_API_KEY, or FAL_KEY`.
 */
export const KEY_VARIABLES_TEXT: string = listed(
  PROVIDERS.map((provider) => provider.keyVariables.join(' or ')),
  ', or ',
)

/** `openai (…), google (…) or fal (…)`: the manifest schema's description of `provider:`. */
export const PROVIDERS_DESCRIBED: string = listed(
  PROVIDERS.map(({ name, summary }) => `${name} (${summary})`),
  ' or ',
)

function listed(items: readonly string[], last: string): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')}${last}${items.at(-1)}`
}

/** Whether the environment holds any provider's key. */
export function hasProviderKey(env: Env): boolean {
  return PROVIDERS.some((provider) => provider.keyVariables.some((name) => env[name]))
}
