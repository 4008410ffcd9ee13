import type { Env } from '../../engine/options.js'
import { resolveBaseURL } from '../http/base-url.js'

export interface FalOptions {
  /** Where fal's synchronous apps answer. @default `FAL_BASE_URL`, else https://fal.run */
  baseURL?: string
  /** How long one request may take. @default 600_000 (10 minutes) */
  timeoutMs?: number
  /** Largest response body accepted, in bytes. @default 256 MiB */
  maxResponseBytes?: number
}

/** Public and printable: the API key is never among them (see `readFalKey`). */
export interface ResolvedFalOptions {
  baseURL: string
  timeoutMs: number
  maxResponseBytes: number
}

export const FAL_KEY_VARIABLES = ['FAL_KEY'] as const

export function resolveFalOptions(options: FalOptions = {}, env: Env = process.env): ResolvedFalOptions {
  const { timeoutMs = 600_000, maxResponseBytes = 256 * 1024 * 1024 } = options
  const baseURL = resolveBaseURL(
    { given: options.baseURL, setting: 'fal.baseURL', variable: 'FAL_BASE_URL', fallback: 'https://fal.run' },
    env,
  )
  return { baseURL, timeoutMs, maxResponseBytes }
}

/** The API key, from the environment only; kept in the provider's closure, never in a public field. */
export function readFalKey(env: Env = process.env): string | undefined {
  return env.FAL_KEY || undefined
}
