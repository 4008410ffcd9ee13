import type { Env, ResolvedOptions } from '../engine/options.js'
import type { Logger } from '../logger.js'
import type { ModelRules } from '../models/types.js'
import type { ModelPrice } from '../prices/types.js'
import type { Provider } from './types.js'

export type { Env }

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
