import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { FormData } from 'undici'
import { detectImageFormat } from '../../image-type.js'
import type { Endpoint } from '../../manifest/types.js'
import { ProviderError } from '../errors.js'
import { inputImagePaths, styledPrompt } from '../styled-prompt.js'
import type { GenerationRequest } from '../types.js'

/** DALL·E answers with a URL unless asked for base64; GPT image models always send base64. */
export function isDalle(model: string): boolean {
  return model.startsWith('dall-e')
}

/**
 * The text fields each multipart endpoint takes (spec 2.3.0). The multipart edit body does not list
 * `moderation`, which the JSON bodies take and recipes carry with its default.
 */
const MULTIPART_FIELDS: Readonly<Record<Exclude<Endpoint, 'generations'>, ReadonlySet<string>>> = {
  edits: new Set([
    'model',
    'prompt',
    'n',
    'size',
    'quality',
    'background',
    'output_format',
    'output_compression',
    'input_fidelity',
    'response_format',
    'user',
    'stream',
    'partial_images',
  ]),
  variations: new Set(['model', 'n', 'size', 'response_format', 'user']),
}

/** What the service does when a field is left out: a field it would not take may be dropped at this value. */
const API_DEFAULTS: Readonly<Record<string, unknown>> = { moderation: 'auto' }

/**
 * The request fields to send: the recipe's, plus `response_format` where the model takes it. A field
 * the endpoint's multipart body does not take is left out when it holds the API's default, and refused
 * before anything is sent otherwise: sending it would be rejected, dropping it would change the image.
 */
export function requestFields(request: GenerationRequest, modelOverride?: string): Record<string, unknown> {
  const { endpoint } = request.recipe
  const fields: Record<string, unknown> = { ...request.recipe.request, prompt: styledPrompt(request.recipe) }
  if (modelOverride) fields.model = modelOverride
  if (isDalle(request.recipe.request.model)) fields.response_format = 'b64_json'
  if (endpoint === 'generations') return fields
  const accepted = MULTIPART_FIELDS[endpoint]
  for (const [name, value] of Object.entries(fields)) {
    if (accepted.has(name) || value === undefined) continue
    if (Object.hasOwn(API_DEFAULTS, name) && API_DEFAULTS[name] === value) {
      delete fields[name]
      continue
    }
    throw new ProviderError(
      'PROVIDER_INVALID_REQUEST',
      `\`${name}: ${String(value)}\` cannot be sent to the ${endpoint} endpoint, whose multipart body does not take \`${name}\``,
      { entry: request.entryName, retryable: false, hint: `remove \`${name}\` from the entry` },
    )
  }
  return fields
}

/** Edits and variations are multipart: one image as `image`, several as repeated `image[]`, the mask as `mask`. */
export async function multipartBody(
  request: GenerationRequest,
  fields: Record<string, unknown>,
): Promise<FormData> {
  const { FormData } = await import('undici')
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, String(value))
  }
  const { mask, variation } = request.files
  const sources = variation ? [variation] : inputImagePaths(request.files)
  const imageField = sources.length === 1 ? 'image' : 'image[]'
  for (const path of sources) form.append(imageField, await fileBlob(path), basename(path))
  if (mask) form.append('mask', await fileBlob(mask), basename(mask))
  return form
}

async function fileBlob(path: string): Promise<Blob> {
  const bytes = await readFile(path)
  const format = detectImageFormat(bytes)
  return new Blob([bytes], { type: format ? `image/${format}` : 'application/octet-stream' })
}
