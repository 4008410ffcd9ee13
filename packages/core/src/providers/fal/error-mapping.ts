import { redact } from '../../redact.js'
import { ProviderError } from '../errors.js'
import { type ResponseHeaders, retryAfterMs } from '../http/headers.js'

/** fal's errors: `{"detail": "…"}`, or for a refused input `{"detail": [{"loc", "msg", "type"}]}`. */
export function falErrorFromResponse(
  status: number,
  headers: ResponseHeaders,
  bodyText: string,
  context: { entry: string; secrets: (string | undefined)[] },
): ProviderError {
  const serverSays = redact(
    detailOf(bodyText) ?? (bodyText.slice(0, 200) || `HTTP ${status}`),
    context.secrets,
  )
  const base = { entry: context.entry, status }
  // A spent balance locks the account: a 403 like a refused key, but no key would help.
  if (/balance|billing/i.test(serverSays)) {
    return new ProviderError('PROVIDER_QUOTA', `the account is out of credit: ${serverSays}`, {
      ...base,
      retryable: false,
      accountWide: true,
      hint: 'top up the balance at fal.ai; retrying will not help',
    })
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      'PROVIDER_AUTH',
      `the API refused the credentials (HTTP ${status}): ${serverSays}`,
      {
        ...base,
        retryable: false,
        accountWide: true,
        hint: 'check FAL_KEY',
      },
    )
  }
  if (status === 429) {
    return new ProviderError('PROVIDER_RATE_LIMIT', `rate limited: ${serverSays}`, {
      ...base,
      retryable: true,
      retryAfterMs: retryAfterMs(headers),
    })
  }
  if (status === 408 || status >= 500) {
    return new ProviderError('PROVIDER_SERVER', `the API failed (HTTP ${status}): ${serverSays}`, {
      ...base,
      retryable: true,
      retryAfterMs: retryAfterMs(headers),
    })
  }
  return new ProviderError('PROVIDER_INVALID_REQUEST', `the API rejected the request: ${serverSays}`, {
    ...base,
    retryable: false,
  })
}

function detailOf(text: string): string | undefined {
  try {
    const { detail } = JSON.parse(text) as { detail?: unknown }
    if (typeof detail === 'string') return detail
    if (Array.isArray(detail)) {
      return detail
        .map(
          (item: { loc?: unknown[]; msg?: unknown }) =>
            `${(item.loc ?? []).slice(1).join('.')}: ${String(item.msg)}`,
        )
        .join('; ')
    }
  } catch {}
  return undefined
}
