import type { Env } from '../../engine/options.js'
import { resolveBaseURL } from '../http/base-url.js'

export interface GoogleOptions {
  /** The Gemini API's root, without the version. @default `GOOGLE_GEMINI_BASE_URL`, else https://generativelanguage.googleapis.com */
  baseURL?: string
  /** @default 'v1beta' (where the image models are served) */
  apiVersion?: string
  /** How long one request may take. @default 600_000 (10 minutes) */
  timeoutMs?: number
  /** Largest response body accepted, in bytes. @default 256 MiB */
  maxResponseBytes?: number
}

/** Public and printable: the API key is never among them (see `readGoogleKey`). */
export interface ResolvedGoogleOptions {
  baseURL: string
  apiVersion: string
  /** The variable the key came from (or the first one to set), for hints. */
  keyVariable: string
  timeoutMs: number
  maxResponseBytes: number
}

/** The key variables in the order Google's own clients read them: `GOOGLE_API_KEY` wins over `GEMINI_API_KEY`. */
export const GOOGLE_KEY_VARIABLES = ['GOOGLE_API_KEY', 'GEMINI_API_KEY'] as const

export function resolveGoogleOptions(
  options: GoogleOptions = {},
  env: Env = process.env,
): ResolvedGoogleOptions {
  const { apiVersion = 'v1beta', timeoutMs = 600_000, maxResponseBytes = 256 * 1024 * 1024 } = options
  const source = {
    given: options.baseURL,
    setting: 'google.baseURL',
    variable: 'GOOGLE_GEMINI_BASE_URL',
    fallback: 'https://generativelanguage.googleapis.com',
  }
  return {
    baseURL: resolveBaseURL(source, env),
    apiVersion,
    keyVariable: googleKeyVariable(env),
    timeoutMs,
    maxResponseBytes,
  }
}

function googleKeyVariable(env: Env): string {
  return GOOGLE_KEY_VARIABLES.find((name) => env[name]) ?? 'GEMINI_API_KEY'
}

/** The API key, from the environment only; kept in the provider's closure, never in a public field. */
export function readGoogleKey(env: Env = process.env): string | undefined {
  return env[googleKeyVariable(env)] || undefined
}

/** `…/v1beta/models/{model}:generateContent` or `:predict`. */
export function methodURL(options: ResolvedGoogleOptions, model: string, method: string): string {
  return `${options.baseURL}/${options.apiVersion}/models/${encodeURIComponent(model)}:${method}`
}
