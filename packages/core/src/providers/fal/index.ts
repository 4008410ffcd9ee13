import type { Env } from '../../engine/options.js'
import { type Logger, silentLogger } from '../../logger.js'
import { ProviderError } from '../errors.js'
import { parseJsonAnswer } from '../http/attempt.js'
import { warnIfInsecure } from '../http/base-url.js'
import { createJsonProvider, type JsonProvider } from '../http/json-provider.js'
import { type AnswerContext, checkedImage, decodeBase64, failAnswer } from '../image-bytes.js'
import { styledPrompt } from '../styled-prompt.js'
import { falErrorFromResponse } from './error-mapping.js'
import {
  FAL_KEY_VARIABLES,
  type FalOptions,
  type ResolvedFalOptions,
  readFalKey,
  resolveFalOptions,
} from './options.js'

export type { FalOptions } from './options.js'

export type FalProvider = JsonProvider<ResolvedFalOptions>

/**
 * fal's synchronous endpoint: `POST {baseURL}/{app}` with the app's own input, `Authorization: Key …`.
 * `sync_mode` asks for the images inline as data URIs, so nothing is fetched from a CDN afterwards and
 * nothing expires between the answer and the store.
 */
export function createFalProvider(
  options: FalOptions = {},
  env: Env = process.env,
  logger: Logger = silentLogger,
): FalProvider {
  const resolved = resolveFalOptions(options, env)
  // Kept in this closure only: no public field of the provider holds the key.
  const apiKey = readFalKey(env)
  warnIfInsecure(resolved.baseURL, 'fal', apiKey, logger)
  return createJsonProvider({
    name: 'fal',
    options: resolved,
    apiKey,
    keyVariables: FAL_KEY_VARIABLES.join(' or '),
    call: (job, apiKey) => {
      const { request } = job.recipe
      return {
        url: `${resolved.baseURL}/${request.model}`,
        headers: { authorization: `Key ${apiKey}` },
        body: {
          prompt: styledPrompt(job.recipe) ?? '',
          num_images: request.n,
          sync_mode: true,
          ...(request.image_size ? { image_size: request.image_size } : {}),
          ...(request.output_format ? { output_format: request.output_format } : {}),
        },
      }
    },
    errorFrom: falErrorFromResponse,
    decode: async (job, { text, requestId }) => ({
      images: await decodeFalAnswer(text, { entry: job.entryName, requestId }),
      model: job.recipe.request.model,
    }),
    requestIdOf: (headers) => {
      const id = headers['x-fal-request-id']
      return Array.isArray(id) ? id[0] : id
    },
  })
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
