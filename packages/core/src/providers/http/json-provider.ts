import type { ProviderError } from '../errors.js'
import type { GenerationRequest, GenerationResult, Provider } from '../types.js'
import { type Answer, createAgent, missingKeyError, postAttempt } from './attempt.js'
import type { ResponseHeaders } from './headers.js'

/** One JSON POST: where, with which headers (the key among them), and its body. */
export interface JsonCall {
  url: string
  headers: Record<string, string>
  body: unknown
}

/** What differs between APIs that take one JSON POST per generation and answer it in one JSON body. */
export interface JsonApi<Options extends { timeoutMs: number; maxResponseBytes: number }> {
  name: string
  options: Options
  apiKey: string | undefined
  /** What a missing key's message asks the user to set. */
  keyVariables: string
  call(job: GenerationRequest, apiKey: string): JsonCall | Promise<JsonCall>
  /** The typed error of an answer that is not 2xx. */
  errorFrom(
    status: number,
    headers: ResponseHeaders,
    text: string,
    context: { entry: string; secrets: (string | undefined)[] },
  ): ProviderError
  /** The images (and usage) of a 2xx answer. */
  decode(job: GenerationRequest, answer: Answer): Promise<Omit<GenerationResult, 'rateLimits'>>
  requestIdOf?: (headers: ResponseHeaders) => string | undefined
}

export interface JsonProvider<Options> extends Provider {
  readonly options: Options
  close(): Promise<void>
}

/**
 * A provider over one pooled agent for such an API. One call is one HTTP attempt: retrying is the
 * scheduler's job, told by `ProviderError.retryable`. These APIs send no rate-limit headers.
 */
export function createJsonProvider<Options extends { timeoutMs: number; maxResponseBytes: number }>(
  api: JsonApi<Options>,
): JsonProvider<Options> {
  const { options, apiKey } = api
  const dispatcher = createAgent(options.timeoutMs)
  const secrets = [apiKey]

  async function generate(job: GenerationRequest, { signal }: { signal?: AbortSignal } = {}) {
    const entry = job.entryName
    if (!apiKey) throw missingKeyError(entry, api.keyVariables)
    const { url, headers, body } = await api.call(job, apiKey)
    return postAttempt(
      {
        url,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        dispatcher,
        entry,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        signal,
        secrets,
        ...(api.requestIdOf ? { requestIdOf: api.requestIdOf } : {}),
      },
      async (answer): Promise<GenerationResult> => {
        if (answer.status < 200 || answer.status >= 300)
          throw api.errorFrom(answer.status, answer.headers, answer.text, { entry, secrets })
        const result = await api.decode(job, answer)
        return { rateLimits: {}, ...(answer.requestId ? { requestId: answer.requestId } : {}), ...result }
      },
    )
  }

  return { name: api.name, options, generate, close: () => dispatcher.close() }
}
