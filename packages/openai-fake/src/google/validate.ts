/**
 * A Gemini API request checked against the published schema subset (spec/gemini-api.schema.json),
 * then against the model's own rules, and turned into a job to draw.
 */

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import schema from '../../spec/gemini-api.schema.json' with { type: 'json' }
import type { ApiError } from '../api-error.js'
import type { ImageJob, InputImage } from '../job.js'
import { inspectUpload } from '../validate/input-images.js'
import { googleError, invalidArgument } from './google-error.js'
import { GOOGLE_MODELS, type GoogleModel, nearestRatio, pixelSize } from './models.js'

let validators: { generateContent: ValidateFunction; predict: ValidateFunction } | undefined

function schemaValidators() {
  if (validators) return validators
  const ajv = new Ajv2020({ allErrors: false, strict: false })
  ajv.addSchema(schema)
  validators = {
    generateContent: ajv.getSchema(`${schema.$id}#/$defs/GenerateContentRequest`) as ValidateFunction,
    predict: ajv.getSchema(`${schema.$id}#/$defs/PredictRequest`) as ValidateFunction,
  }
  return validators
}

/** The model, or Google's 404 for a model it does not have or a method the model does not answer. */
export function googleModel(name: string, method: string): GoogleModel {
  const model = GOOGLE_MODELS[name]
  if (!model || model.method !== method)
    throw googleError(
      404,
      `models/${name} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
    )
  return model
}

export async function validateGoogle(name: string, model: GoogleModel, body: unknown): Promise<ImageJob> {
  const validate = schemaValidators()[model.method]
  if (!validate(body)) throw schemaError(validate.errors?.[0])
  return model.method === 'predict'
    ? imagenJob(name, model, body as ImagenRequest)
    : geminiJob(name, model, body as GeminiRequest)
}

interface ImagenRequest {
  instances: { prompt: string }[]
  parameters?: { sampleCount?: number; aspectRatio?: string; imageSize?: string; personGeneration?: string }
}

interface GeminiRequest {
  contents: { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[]
  generationConfig?: {
    responseModalities?: string[]
    imageConfig?: { aspectRatio?: string; imageSize?: string }
  }
}

function imagenJob(name: string, model: GoogleModel, body: ImagenRequest): ImageJob {
  const parameters = body.parameters ?? {}
  const aspectRatio = parameters.aspectRatio ?? '1:1'
  const imageSize = checkImageSize(model, name, parameters.imageSize)
  return job(name, model, body.instances[0]?.prompt, parameters.sampleCount ?? 4, aspectRatio, imageSize, [])
}

async function geminiJob(name: string, model: GoogleModel, body: GeminiRequest): Promise<ImageJob> {
  const modalities = body.generationConfig?.responseModalities ?? ['TEXT']
  if (!modalities.includes('IMAGE'))
    throw invalidArgument(`Model ${name} answers with images only when responseModalities includes IMAGE.`)
  const parts = body.contents.flatMap((content) => content.parts)
  const prompt = parts.flatMap((part) => (part.text === undefined ? [] : [part.text])).join('\n')
  const uploads = parts.flatMap((part, index) => (part.inlineData ? [{ part: part.inlineData, index }] : []))
  if (uploads.length > model.maxInputImages)
    throw invalidArgument(
      `Model ${name} reads at most ${model.maxInputImages} input images; ${uploads.length} were sent.`,
    )
  const inputs: InputImage[] = []
  for (const { part, index } of uploads) {
    const bytes = Buffer.from(part.data, 'base64')
    inputs.push(
      await inspectUpload({ field: `parts[${index}]`, contentType: part.mimeType, bytes }, 'gemini').catch(
        (error: ApiError) => {
          throw invalidArgument(`Unable to process input image: ${error.message}`)
        },
      ),
    )
  }
  const config = body.generationConfig?.imageConfig ?? {}
  if (config.aspectRatio && !model.dimensions[config.aspectRatio])
    throw invalidArgument(`Unsupported aspect ratio ${config.aspectRatio} for model ${name}.`)
  const first = inputs[0]
  const aspectRatio = config.aspectRatio ?? (first ? nearestRatio(model, first.width, first.height) : '1:1')
  const imageSize = checkImageSize(model, name, config.imageSize)
  return job(name, model, prompt, 1, aspectRatio, imageSize, inputs)
}

function checkImageSize(model: GoogleModel, name: string, imageSize: string | undefined): string {
  if (imageSize === undefined) return '1K'
  if (!model.imageSizes.includes(imageSize))
    throw invalidArgument(
      model.imageSizes.length === 0
        ? `imageSize is not supported for model ${name}.`
        : `Unsupported imageSize ${imageSize} for model ${name}; use ${model.imageSizes.join(', ')}.`,
    )
  return imageSize
}

function job(
  name: string,
  model: GoogleModel,
  prompt: string | undefined,
  n: number,
  aspectRatio: string,
  imageSize: string,
  inputs: InputImage[],
): ImageJob {
  if (!model.dimensions[aspectRatio])
    throw invalidArgument(`Unsupported aspect ratio ${aspectRatio} for model ${name}.`)
  const [width, height] = pixelSize(model, aspectRatio, imageSize)
  return {
    endpoint: inputs.length > 0 ? 'edits' : 'generations',
    model: name,
    family: model.family,
    prompt,
    n,
    width,
    height,
    size: `${width}x${height}`,
    quality: imageSize,
    background: 'opaque',
    outputFormat: 'png',
    outputCompression: 100,
    style: undefined,
    responseFormat: 'b64_json',
    stream: false,
    partialImages: 0,
    inputFidelity: undefined,
    inputs,
    mask: undefined,
  }
}

/** Google's wording for a payload the schema refuses. */
function schemaError(error: ErrorObject | undefined): ApiError {
  const at = (error?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || 'request'
  if (error?.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty?: string }).additionalProperty
    return invalidArgument(
      `Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`,
    )
  }
  if (error?.keyword === 'enum') {
    return invalidArgument(
      `Invalid value at '${at}', ${error.message ?? 'not an allowed value'}: ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`,
    )
  }
  return invalidArgument(`Invalid JSON payload received. '${at}' ${error?.message ?? 'is invalid'}.`)
}
