import type { Env } from '../../engine/options.js'
import { type Logger, silentLogger } from '../../logger.js'
import { ProviderError } from '../errors.js'
import { createAgent, missingKeyError, parseJsonAnswer, postAttempt } from '../http/attempt.js'
import { warnIfInsecure } from '../http/base-url.js'
import type { GenerationOptions, GenerationRequest, GenerationResult, Provider, Usage } from '../types.js'
import { decodeImage, type ImageDatum } from './decode-images.js'
import { errorFromResponse } from './error-mapping.js'
import { openaiModels } from './models.js'
import {
  authHeaders,
  endpointURL,
  type OpenAIOptions,
  openaiKeyVariable,
  type ResolvedOpenAIOptions,
  readApiKey,
  resolveOpenAIOptions,
} from './options.js'
import { readRateLimits, requestIdOf } from './rate-limit-headers.js'
import { multipartBody, requestFields } from './request-body.js'
import { decodeStreamAnswer } from './stream-answer.js'

export type { AzureOptions, OpenAIOptions } from './options.js'

export interface OpenAIProvider extends Provider {
  readonly options: ResolvedOpenAIOptions
  close(): Promise<void>
}

/**
 * The OpenAI Images API (or any compatible server, or Azure) over one pooled undici agent. One call is
 * one HTTP attempt: retrying is the scheduler's job, told by `ProviderError.retryable`.
 */
export function createOpenAIProvider(
  options: OpenAIOptions = {},
  env: Env = process.env,
  logger: Logger = silentLogger,
): OpenAIProvider {
  const resolved = resolveOpenAIOptions(options, env)
  // Kept in this closure only: no public field of the provider holds the key.
  const apiKey = readApiKey(options, env)
  warnIfInsecure(resolved.baseURL, 'OpenAI', apiKey, logger)
  const dispatcher = createAgent(resolved.timeoutMs)
  const secrets = [apiKey]
  const keyVariable = openaiKeyVariable(options)

  // A server or deployment that refuses `stream` (an older API version, a compatible server) makes
  // previews impossible, not the image: the request goes again without it, and so do the next ones.
  let streamingRefused = false
  async function generate(job: GenerationRequest, options: GenerationOptions = {}) {
    const previews = options.partials && !streamingRefused
    try {
      return await attempt(job, previews ? options : { ...options, partials: undefined })
    } catch (error) {
      if (!previews || !refusesStreaming(error)) throw error
      streamingRefused = true
      logger.warn(
        `imagegen: the API refused streaming (${error.message}); previews are off, images arrive whole`,
      )
      return attempt(job, { ...options, partials: undefined })
    }
  }

  async function attempt(job: GenerationRequest, { signal, partials }: GenerationOptions) {
    const { recipe } = job
    const entry = job.entryName
    if (!apiKey) {
      throw missingKeyError(entry, keyVariable)
    }
    const modelOverride = resolved.azure && !resolved.azure.apiVersion ? resolved.azure.deployment : undefined
    // Only asked for by a caller that shows previews (a dev server), and only of a model that streams.
    const streaming =
      partials && recipe.endpoint !== 'variations' && openaiModels[recipe.request.model]?.streams
    const fields = {
      ...requestFields(job, modelOverride),
      ...(streaming ? { stream: true, partial_images: Math.min(3, Math.max(1, partials.count)) } : {}),
    }
    const isJson = recipe.endpoint === 'generations'
    const body = isJson ? JSON.stringify(fields) : await multipartBody(job, fields)
    const headers = {
      ...authHeaders(resolved, apiKey),
      ...(isJson ? { 'content-type': 'application/json' } : {}),
    }
    const errorContext = { entry, secrets, keyVariable }
    return postAttempt(
      {
        url: endpointURL(resolved, recipe.endpoint),
        headers,
        body,
        dispatcher,
        entry,
        timeoutMs: resolved.timeoutMs,
        maxResponseBytes: resolved.maxResponseBytes,
        signal,
        secrets,
        requestIdOf,
      },
      async ({ status, headers: answerHeaders, text, requestId, signal: attemptSignal }) => {
        if (status < 200 || status >= 300) {
          throw errorFromResponse(status, answerHeaders, text, { ...errorContext, requestId })
        }
        const answer = parseAnswer(text, entry, requestId)
        const context = { entry, requestId, options: resolved, dispatcher, signal: attemptSignal }
        const images = await Promise.all(answer.data.map((datum) => decodeImage(datum, context)))
        const result: GenerationResult = {
          images,
          model: recipe.request.model,
          rateLimits: readRateLimits(answerHeaders),
        }
        if (answer.usage) result.usage = answer.usage
        if (requestId) result.requestId = requestId
        return result
      },
      async (streamed) => {
        const { requestId } = streamed
        const context = { ...errorContext, requestId }
        const answer = await decodeStreamAnswer(
          streamed,
          recipe.request.n,
          resolved.maxResponseBytes,
          context,
          partials,
        )
        const result: GenerationResult = {
          ...answer,
          model: recipe.request.model,
          rateLimits: readRateLimits(streamed.headers),
        }
        if (requestId) result.requestId = requestId
        return result
      },
    )
  }

  return {
    name: 'openai',
    options: resolved,
    generate,
    close: async () => dispatcher?.close(),
  }
}

/** A 400 that names `stream` or `partial_images`: the request is fine without them. */
function refusesStreaming(error: unknown): error is ProviderError {
  return (
    error instanceof ProviderError &&
    error.code === 'PROVIDER_INVALID_REQUEST' &&
    error.status === 400 &&
    /\b(stream|partial_images)\b/.test(error.message)
  )
}

interface Answer {
  data: ImageDatum[]
  usage?: Usage
}

function parseAnswer(text: string, entry: string, requestId: string | undefined): Answer {
  const parsed = parseJsonAnswer(text, entry, requestId)
  const data = (parsed as { data?: unknown })?.data
  if (!Array.isArray(data) || data.length === 0 || !data.every((item) => item && typeof item === 'object')) {
    throw new ProviderError('PROVIDER_RESPONSE', 'the answer holds no images', {
      entry,
      requestId,
      retryable: true,
      billed: true,
    })
  }
  const usage = (parsed as { usage?: unknown }).usage
  return { data, ...(usage && typeof usage === 'object' ? { usage: usage as Usage } : {}) }
}
