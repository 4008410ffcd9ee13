import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { FormData } from 'undici'
import { detectImageFormat } from '../../image-type.js'
import type { GenerationRequest } from '../types.js'

/** DALL·E answers with a URL unless asked for base64; GPT image models always send base64. */
export function isDalle(model: string): boolean {
  return model.startsWith('dall-e')
}

/** The request fields to send: the recipe's, plus `response_format` where the model takes it. */
export function requestFields(request: GenerationRequest, modelOverride?: string): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...request.recipe.request }
  if (modelOverride) fields.model = modelOverride
  if (isDalle(request.recipe.request.model)) fields.response_format = 'b64_json'
  return fields
}

/** Edits and variations are multipart: one image as `image`, several as repeated `image[]`, the mask as `mask`. */
export async function multipartBody(
  request: GenerationRequest,
  fields: Record<string, unknown>,
): Promise<FormData> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, String(value))
  }
  const { images, mask, variation } = request.files
  const sources = variation ? [variation] : images
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
