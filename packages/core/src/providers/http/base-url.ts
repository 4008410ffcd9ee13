import type { Env } from '../../engine/options.js'
import { ImagegenError } from '../../errors.js'
import type { Logger } from '../../logger.js'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Why sending the key to `baseURL` is unsafe, or undefined: plain http to anything but this machine
 * carries the key in clear text. A loopback server (a local proxy, a test double) is fine.
 */
function insecureBaseURL(baseURL: string, api: string): string | undefined {
  let url: URL
  try {
    url = new URL(baseURL)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:') return undefined
  if (LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.') || url.hostname.endsWith('.localhost'))
    return undefined
  return `imagegen: the ${api} base URL ${url.origin} is plain http to another host: the API key and every prompt cross the network unencrypted; use https`
}

/** Warns once, when the provider starts, if a key is about to be sent in clear text. */
export function warnIfInsecure(
  baseURL: string,
  api: string,
  apiKey: string | undefined,
  logger: Logger,
): void {
  const insecure = insecureBaseURL(baseURL, api)
  if (insecure && apiKey) logger.warn(insecure)
}

/** Where a provider's base URL comes from: its option, else its environment variable, else the API's own. */
export interface BaseURLSource {
  /** The option's value, if set. */
  given: string | undefined
  /** The option's name in `imagegen.config.*`, such as `fal.baseURL`. */
  setting: string
  /** The environment variable read when the option is not set, such as `FAL_BASE_URL`. */
  variable: string
  /** The API's own base URL. */
  fallback: string
}

/**
 * The base URL a provider sends to, without a trailing slash. One that is not http(s) is a setting to
 * fix, not a network fault to retry: the error names the option or variable it came from, never the
 * value (a URL may carry credentials).
 */
export function resolveBaseURL({ given, setting, variable, fallback }: BaseURLSource, env: Env): string {
  const baseURL = given ?? (env[variable] || fallback)
  const protocol = URL.canParse(baseURL) ? new URL(baseURL).protocol : undefined
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ImagegenError('CONFIG', `${given === undefined ? variable : setting} is not an http(s) URL`, {
      hint: `set it to the API's base URL, such as ${fallback}, or unset it`,
    })
  }
  return baseURL.replace(/\/+$/, '')
}
