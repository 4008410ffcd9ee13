import type { Dispatcher } from 'undici'
import { isProviderError, ProviderError } from '../errors.js'
import type { GenerationRequest, GenerationResult, Provider, Usage } from '../types.js'
import { decodeImage, type ImageDatum } from './decode-images.js'
import { errorFromResponse, errorFromTransport, redact } from './error-mapping.js'
import {
  authHeaders,
  endpointURL,
  type OpenAIOptions,
  type ResolvedOpenAIOptions,
  resolveOpenAIOptions,
} from './options.js'
import { readRateLimits, requestIdOf } from './rate-limit-headers.js'
import { BodyTooLargeError, readBodyCapped } from './read-body.js'
import { multipartBody, requestFields } from './request-body.js'

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
  env: Record<string, string | undefined> = process.env,
): OpenAIProvider {
  const resolved = resolveOpenAIOptions(options, env)
  let dispatcher: Dispatcher | undefined
  const secrets = [resolved.apiKey]
  const keyVariable = resolved.azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY'

  async function generate(job: GenerationRequest, { signal }: { signal?: AbortSignal } = {}) {
    const { recipe } = job
    const entry = job.entryName
    if (!resolved.apiKey) {
      throw new ProviderError('PROVIDER_AUTH', `no API key: set ${keyVariable} in the environment`, {
        entry,
        retryable: false,
      })
    }
    const modelOverride = resolved.azure && !resolved.azure.apiVersion ? resolved.azure.deployment : undefined
    const fields = requestFields(job, modelOverride)
    const isJson = recipe.endpoint === 'generations'
    const body = isJson ? JSON.stringify(fields) : await multipartBody(job, fields)
    const headers = { ...authHeaders(resolved), ...(isJson ? { 'content-type': 'application/json' } : {}) }
    // undici loads with the first request, before its deadline starts: a build that generates nothing
    // never loads it.
    const { Agent, request } = await import('undici')
    dispatcher ??= new Agent({
      headersTimeout: resolved.timeoutMs,
      bodyTimeout: resolved.timeoutMs,
      connections: 32,
    })
    const agent = dispatcher
    // undici's own timeouts bound the gaps between bytes; this bounds the whole attempt, so that an
    // answer that drips forever times out too.
    const deadline = AbortSignal.timeout(resolved.timeoutMs)
    const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline

    let requestId: string | undefined
    try {
      const response = await request(endpointURL(resolved, recipe.endpoint), {
        method: 'POST',
        headers,
        body,
        dispatcher: agent,
        signal: attemptSignal,
      })
      const id = requestIdOf(response.headers)
      // It reaches messages and the store: a server that echoes the key there must not get it through.
      requestId = id === undefined ? undefined : redact(id, secrets)
      const rateLimits = readRateLimits(response.headers)
      const text = (await readBodyCapped(response.body, resolved.maxResponseBytes)).toString('utf8')
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw errorFromResponse(response.statusCode, response.headers, text, {
          entry,
          requestId,
          secrets,
          keyVariable,
        })
      }
      const answer = parseAnswer(text, entry, requestId)
      const context = { entry, requestId, options: resolved, dispatcher: agent, signal: attemptSignal }
      const images = await Promise.all(answer.data.map((datum) => decodeImage(datum, context)))
      const result: GenerationResult = { images, model: recipe.request.model, rateLimits }
      if (answer.usage) result.usage = answer.usage
      if (requestId) result.requestId = requestId
      return result
    } catch (error) {
      if (isProviderError(error)) throw error
      if (error instanceof BodyTooLargeError) {
        throw new ProviderError('PROVIDER_RESPONSE', `the answer was larger than ${error.limit} bytes`, {
          entry,
          requestId,
          retryable: false,
          hint: 'raise maxResponseBytes if such answers are expected',
        })
      }
      throw errorFromTransport(error, { entry, signal, deadline, timeoutMs: resolved.timeoutMs, secrets })
    }
  }

  return {
    name: 'openai',
    options: resolved,
    generate,
    close: async () => dispatcher?.close(),
  }
}

interface Answer {
  data: ImageDatum[]
  usage?: Usage
}

function parseAnswer(text: string, entry: string, requestId: string | undefined): Answer {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ProviderError('PROVIDER_RESPONSE', 'the answer is not JSON (truncated or wrong content type)', {
      entry,
      requestId,
      retryable: true,
    })
  }
  const data = (parsed as { data?: unknown })?.data
  if (!Array.isArray(data) || data.length === 0 || !data.every((item) => item && typeof item === 'object')) {
    throw new ProviderError('PROVIDER_RESPONSE', 'the answer holds no images', {
      entry,
      requestId,
      retryable: true,
    })
  }
  const usage = (parsed as { usage?: unknown }).usage
  return { data, ...(usage && typeof usage === 'object' ? { usage: usage as Usage } : {}) }
}
