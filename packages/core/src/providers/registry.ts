import type { Env, ProviderDefinition } from './definition.js'
import { falDefinition } from './fal/definition.js'
import { googleDefinition } from './google/definition.js'
import { openaiDefinition } from './openai/definition.js'

export type { ClosableProvider, Env, ProviderDefinition } from './definition.js'

/**
 * Every provider. Adding one is a folder under `providers/` (its `definition.ts` says what it serves,
 * where its key comes from, what it costs, and how to start it) and a line here.
 */
export const PROVIDERS: readonly ProviderDefinition[] = [openaiDefinition, googleDefinition, falDefinition]

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
