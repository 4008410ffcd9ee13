import type { Logger } from '../../logger.js'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Why sending the key to `baseURL` is unsafe, or undefined: plain http to anything but this machine
 * carries the key in clear text. A loopback server (a local proxy, a test double) is fine.
 */
export function insecureBaseURL(baseURL: string, api: string): string | undefined {
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
