import type { Logger } from '../logger.js'
import { ProviderError } from './errors.js'
import { type ClosableProvider, type Env, findProvider, PROVIDER_NAMES } from './registry.js'

/**
 * One provider in front of all: each job goes to the provider its recipe names, started (and its
 * code loaded) the first time a job needs it, with that provider's own options.
 */
export function createProviderRouter(
  optionsByProvider: Readonly<Record<string, unknown>>,
  env: Env,
  logger?: Logger,
): ClosableProvider {
  const started = new Map<string, Promise<ClosableProvider>>()

  function providerNamed(name: string, entry: string): Promise<ClosableProvider> {
    let provider = started.get(name)
    if (!provider) {
      const definition = findProvider(name)
      if (!definition) {
        throw new ProviderError('PROVIDER_INVALID_REQUEST', `no provider is named ${name}`, {
          entry,
          retryable: false,
          hint: `use ${PROVIDER_NAMES.join(', ')}`,
        })
      }
      provider = definition.load().then((create) => create(optionsByProvider[name] ?? {}, env, logger))
      started.set(name, provider)
    }
    return provider
  }

  return {
    name: 'router',
    async generate(job, options) {
      return (await providerNamed(job.recipe.provider, job.entryName)).generate(job, options)
    },
    async close() {
      await Promise.all([...started.values()].map(async (provider) => (await provider).close()))
    },
  }
}
