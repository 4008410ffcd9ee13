import { createAgent, missingKeyError, postAttempt } from '../http/attempt.js'
import type { GenerationRequest, GenerationResult, Provider } from '../types.js'
import { decodeGeminiAnswer, decodeImagenAnswer } from './decode-answer.js'
import { googleErrorFromResponse } from './error-mapping.js'
import { type GoogleOptions, methodURL, type ResolvedGoogleOptions, resolveGoogleOptions } from './options.js'
import { geminiBody, imagenBody, isImagen } from './request-body.js'

export type { GoogleOptions } from './options.js'

export interface GoogleProvider extends Provider {
  readonly options: ResolvedGoogleOptions
  close(): Promise<void>
}

/**
 * Google's Gemini API: Gemini image models through `generateContent`, Imagen through `predict`, the
 * key in the `x-goog-api-key` header and nowhere else. One call is one HTTP attempt; the scheduler
 * retries what `ProviderError.retryable` allows. Google sends no rate-limit headers: the wait of a
 * 429 comes in its body's RetryInfo, read into the error's `retryAfterMs`.
 */
export function createGoogleProvider(
  options: GoogleOptions = {},
  env: Record<string, string | undefined> = process.env,
): GoogleProvider {
  const resolved = resolveGoogleOptions(options, env)
  const dispatcher = createAgent(resolved.timeoutMs)
  const secrets = [resolved.apiKey]

  async function generate(job: GenerationRequest, { signal }: { signal?: AbortSignal } = {}) {
    const entry = job.entryName
    const { model } = job.recipe.request
    if (!resolved.apiKey) {
      throw missingKeyError(entry, 'GEMINI_API_KEY (or GOOGLE_API_KEY)')
    }
    const imagen = isImagen(model)
    const body = imagen ? imagenBody(job) : await geminiBody(job)
    return postAttempt(
      {
        url: methodURL(resolved, model, imagen ? 'predict' : 'generateContent'),
        headers: { 'content-type': 'application/json', 'x-goog-api-key': resolved.apiKey },
        body: JSON.stringify(body),
        dispatcher,
        entry,
        timeoutMs: resolved.timeoutMs,
        maxResponseBytes: resolved.maxResponseBytes,
        signal,
        secrets,
      },
      async ({ status, headers, text, requestId }): Promise<GenerationResult> => {
        if (status < 200 || status >= 300) {
          throw googleErrorFromResponse(status, headers, text, {
            entry,
            secrets,
            keyVariable: resolved.keyVariable,
          })
        }
        const context = { entry, requestId }
        const answer = imagen
          ? await decodeImagenAnswer(text, context)
          : await decodeGeminiAnswer(text, context)
        return { ...answer, model, rateLimits: {} }
      },
    )
  }

  return { name: 'google', options: resolved, generate, close: () => dispatcher.close() }
}
