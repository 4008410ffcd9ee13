import { readFile } from 'node:fs/promises'
import { detectImageFormat } from '../../image-type.js'
import { inputImagePaths, styledPrompt } from '../styled-prompt.js'
import type { GenerationRequest } from '../types.js'

/** Imagen models answer `predict`; every other Google image model answers `generateContent`. */
export function isImagen(model: string): boolean {
  return model.startsWith('imagen-')
}

/**
 * A Gemini `generateContent` body: the prompt as a text part, each input image (the entry's, then the
 * set's references) as an `inlineData` part, image output asked for, and the size in `imageConfig`.
 */
export async function geminiBody(job: GenerationRequest): Promise<Record<string, unknown>> {
  const { request } = job.recipe
  const images = await Promise.all(inputImagePaths(job.files).map(inlineImage))
  const imageConfig: Record<string, string> = {}
  if (request.aspectRatio) imageConfig.aspectRatio = request.aspectRatio
  if (request.imageSize) imageConfig.imageSize = request.imageSize
  return {
    contents: [{ role: 'user', parts: [{ text: styledPrompt(job.recipe) ?? '' }, ...images] }],
    generationConfig: {
      responseModalities: ['IMAGE'],
      ...(Object.keys(imageConfig).length > 0 ? { imageConfig } : {}),
    },
  }
}

/** An Imagen `predict` body: one instance with the prompt, the count and size as parameters. */
export function imagenBody(job: GenerationRequest): Record<string, unknown> {
  const { request } = job.recipe
  const parameters: Record<string, unknown> = { sampleCount: request.n }
  if (request.aspectRatio) parameters.aspectRatio = request.aspectRatio
  if (request.imageSize) parameters.imageSize = request.imageSize
  if (request.personGeneration) parameters.personGeneration = request.personGeneration
  return { instances: [{ prompt: styledPrompt(job.recipe) ?? '' }], parameters }
}

async function inlineImage(path: string): Promise<Record<string, unknown>> {
  const bytes = await readFile(path)
  const format = detectImageFormat(bytes) ?? 'png'
  return { inlineData: { mimeType: `image/${format}`, data: bytes.toString('base64') } }
}
