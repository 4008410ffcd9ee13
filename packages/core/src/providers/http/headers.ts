type HeaderValue = string | string[] | undefined
export type ResponseHeaders = Record<string, HeaderValue>

/** One header's first value. */
export function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

const WAIT = /^\d+(?:\.\d+)?$/
/** HTTP dates start with the day's name (`Fri, 02 Jan 2026 03:04:05 GMT`); `Date.parse('-3')` is a year. */
const HTTP_DATE = /^[A-Za-z]{3},? /

/** `retry-after-ms`, else `retry-after` as seconds or an HTTP date; undefined when neither is a wait. */
export function retryAfterMs(headers: ResponseHeaders, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms')?.trim()
  if (ms && WAIT.test(ms)) return Number(ms)
  const value = header(headers, 'retry-after')?.trim()
  if (!value) return undefined
  if (WAIT.test(value)) return Number(value) * 1000
  const date = HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
