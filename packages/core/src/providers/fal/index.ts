import { ProviderError } from '../errors.js'
import { createAgent, missingKeyError, parseJsonAnswer, postAttempt } from '../http/attempt.js'
import { type AnswerContext, checkedImage, decodeBase64, failAnswer } from '../image-bytes.js'
import { styledPrompt } from '../styled-prompt.js'
import type { GenerationRequest, GenerationResult, Provider } from '../types.js'
import { falErrorFromResponse } from './error-mapping.js'
import { type FalOptions, type ResolvedFalOptions, resolveFalOptions } from './options.js'

export type { FalOptions } from './options.js'

export interface FalProvider extends Provider {
  readonly options: ResolvedFalOptions
  close(): Promise<void>
}

/**
 * fal's synchronous endpoint: `POST {baseURL}/{app}` with the app's own input, `Authorization: Key …`.
 * `sync_mode` asks for the images inline as data URIs, so nothing is fetched from a CDN afterwards and
 * nothing expires between the answer and the store.
 */
export function createFalProvider(
  options: FalOptions = {},
  env: Record<string, string | undefined> = process.env,
): FalProvider {
  const resolved = resolveFalOptions(options, env)
  const dispatcher = createAgent(resolved.timeoutMs)
  const secrets = [resolved.apiKey]

  async function generate(job: GenerationRequest, { signal }: { signal?: AbortSignal } = {}) {
    const entry = job.entryName
    const { request } = job.recipe
    if (!resolved.apiKey) {
      throw missingKeyError(entry, 'FAL_KEY')
    }
    const body: Record<string, unknown> = {
      prompt: styledPrompt(job.recipe) ?? '',
      num_images: request.n,
      sync_mode: true,
      ...(request.image_size ? { image_size: request.image_size } : {}),
      ...(request.output_format ? { output_format: request.output_format } : {}),
    }
    return postAttempt(
      {
        url: `${resolved.baseURL}/${request.model}`,
        headers: { 'content-type': 'application/json', authorization: `Key ${resolved.apiKey}` },
        body: JSON.stringify(body),
        dispatcher,
        entry,
        timeoutMs: resolved.timeoutMs,
        maxResponseBytes: resolved.maxResponseBytes,
        signal,
        secrets,
        requestIdOf: (headers) => {
          const id = headers['x-fal-request-id']
          return Array.isArray(id) ? id[0] : id
        },
      },
      async ({ status, headers, text, requestId }): Promise<GenerationResult> => {
        if (status < 200 || status >= 300)
          throw falErrorFromResponse(status, headers, text, { entry, secrets })
        const images = await decodeFalAnswer(text, { entry, requestId })
        return { images, model: request.model, rateLimits: {}, ...(requestId ? { requestId } : {}) }
      },
    )
  }

  return { name: 'fal', options: resolved, generate, close: () => dispatcher.close() }
}

const DATA_URI = /^data:image\/[a-z+.-]+;base64,/

/** `images[].url` as data URIs (sync mode); an image flagged by the safety checker is a refusal. */
async function decodeFalAnswer(text: string, context: AnswerContext) {
  const answer = parseJsonAnswer(text, context.entry, context.requestId) as {
    images?: { url?: unknown }[]
    has_nsfw_concepts?: unknown[]
  }
  if (Array.isArray(answer?.has_nsfw_concepts) && answer.has_nsfw_concepts.includes(true)) {
    throw new ProviderError('PROVIDER_MODERATION', 'the safety checker flagged the image (fal blanks it)', {
      entry: context.entry,
      requestId: context.requestId,
      retryable: false,
      hint: 'reword the prompt (or the style); retrying the same request will not help',
    })
  }
  const images = Array.isArray(answer?.images) ? answer.images : []
  if (images.length === 0) failAnswer(context, 'the answer holds no images', true)
  return Promise.all(
    images.map((image) => {
      const url = typeof image?.url === 'string' ? image.url : ''
      if (!DATA_URI.test(url))
        failAnswer(context, 'an image in the answer is not inline (sync_mode was asked for)', false)
      return checkedImage(decodeBase64(url.slice(url.indexOf(',') + 1), context), context)
    }),
  )
}
