import type { Dispatcher } from 'undici'
import { readBodyCapped } from '../http/read-body.js'
import { checkedImage, decodeBase64, failAnswer as fail } from '../image-bytes.js'
import type { GeneratedImage } from '../types.js'
import type { ResolvedOpenAIOptions } from './options.js'

export interface ImageDatum {
  b64_json?: unknown
  url?: unknown
  revised_prompt?: unknown
}

interface DecodeContext {
  entry: string
  requestId: string | undefined
  options: ResolvedOpenAIOptions
  dispatcher: Dispatcher
  signal: AbortSignal | undefined
}

/** One `data[]` item as checked image bytes: base64 decoded strictly, or a URL fetched from a trusted host. */
export async function decodeImage(datum: ImageDatum, context: DecodeContext): Promise<GeneratedImage> {
  const bytes =
    typeof datum.b64_json === 'string'
      ? decodeBase64(datum.b64_json, context)
      : typeof datum.url === 'string'
        ? await downloadImage(datum.url, context)
        : fail(context, 'an image in the answer has neither b64_json nor url', false)
  const revisedPrompt = typeof datum.revised_prompt === 'string' ? datum.revised_prompt : undefined
  return checkedImage(bytes, context, revisedPrompt)
}

/**
 * A result URL is fetched only from the API's own host (or one the user trusts), over https unless it
 * is the very origin the user pointed the provider at; the download is size-capped like any answer.
 */
async function downloadImage(rawUrl: string, context: DecodeContext): Promise<Buffer> {
  const api = new URL(context.options.baseURL)
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return fail(context, 'the answer holds a result url that does not parse', false)
  }
  const trustedHost = url.host === api.host || context.options.trustedImageHosts.includes(url.hostname)
  const trustedScheme = url.protocol === 'https:' || url.origin === api.origin
  if (!trustedHost || !trustedScheme) {
    fail(
      context,
      `refused to download a result from ${url.origin}: only https from the API's host is fetched`,
      false,
    )
  }
  const { request } = await import('undici')
  const response = await request(url, {
    method: 'GET',
    dispatcher: context.dispatcher,
    signal: context.signal,
  })
  if (response.statusCode !== 200) {
    await response.body.dump()
    fail(context, `downloading the result url answered HTTP ${response.statusCode}`, true)
  }
  return readBodyCapped(response.body, context.options.maxResponseBytes)
}
