import { checkBaseURL } from '../http/base-url.js'

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

export function resolveFalOptions(
  options: FalOptions = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedFalOptions {
  const {
    baseURL = env.FAL_BASE_URL || 'https://fal.run',
    timeoutMs = 600_000,
    maxResponseBytes = 256 * 1024 * 1024,
  } = options
  checkBaseURL(baseURL, options.baseURL === undefined ? 'FAL_BASE_URL' : 'fal.baseURL', 'https://fal.run')
  return {
    baseURL: baseURL.replace(/\/+$/, ''),
    timeoutMs,
    maxResponseBytes,
  }
}

/** The API key, from the environment only; kept in the provider's closure, never in a public field. */
export function readFalKey(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.FAL_KEY || undefined
}
