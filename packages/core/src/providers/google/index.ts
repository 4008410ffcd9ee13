import type { Env } from '../../engine/options.js'
import { type Logger, silentLogger } from '../../logger.js'
import { warnIfInsecure } from '../http/base-url.js'
import { createJsonProvider, type JsonProvider } from '../http/json-provider.js'
import { decodeGeminiAnswer, decodeImagenAnswer } from './decode-answer.js'
import { googleErrorFromResponse } from './error-mapping.js'
import {
  GOOGLE_KEY_VARIABLES,
  type GoogleOptions,
  methodURL,
  type ResolvedGoogleOptions,
  readGoogleKey,
  resolveGoogleOptions,
} from './options.js'
import { geminiBody, imagenBody, isImagen } from './request-body.js'

export type { GoogleOptions } from './options.js'

export type GoogleProvider = JsonProvider<ResolvedGoogleOptions>

/**
 * Google's Gemini API: Gemini image models through `generateContent`, Imagen through `predict`, the
 * key in the `x-goog-api-key` header and nowhere else. Google sends no rate-limit headers: the wait of
 * a 429 comes in its body's RetryInfo, read into the error's `retryAfterMs`.
 */
export function createGoogleProvider(
  options: GoogleOptions = {},
  env: Env = process.env,
  logger: Logger = silentLogger,
): GoogleProvider {
  const resolved = resolveGoogleOptions(options, env)
  // Kept in this closure only: no public field of the provider holds the key.
  const apiKey = readGoogleKey(env)
  warnIfInsecure(resolved.baseURL, 'Gemini API', apiKey, logger)
  return createJsonProvider({
    name: 'google',
    options: resolved,
    apiKey,
    keyVariables: GOOGLE_KEY_VARIABLES.join(' or '),
    call: async (job, apiKey) => {
      const { model } = job.recipe.request
      const imagen = isImagen(model)
      return {
        url: methodURL(resolved, model, imagen ? 'predict' : 'generateContent'),
        headers: { 'x-goog-api-key': apiKey },
        body: imagen ? imagenBody(job) : await geminiBody(job),
      }
    },
    errorFrom: (status, headers, text, context) =>
      googleErrorFromResponse(status, headers, text, { ...context, keyVariable: resolved.keyVariable }),
    decode: async (job, { text, requestId }) => {
      const { model } = job.recipe.request
      const context = { entry: job.entryName, requestId }
      const answer = isImagen(model)
        ? await decodeImagenAnswer(text, context)
        : await decodeGeminiAnswer(text, context)
      return { ...answer, model }
    },
  })
}
