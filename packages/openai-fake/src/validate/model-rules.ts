/** Rules that depend on the model: which fields it takes, its sizes, qualities, `n` and prompt length. */

import { invalidRequest, invalidValue, unsupportedParameter } from '../api-error.js'
import type { ImageJob, InputImage, OutputFormat } from '../job.js'
import {
  DEFAULT_GPT_IMAGE_MODEL,
  DEFAULT_MODEL,
  type Endpoint,
  GPT_IMAGE_ONLY_PARAMETERS,
  MODELS,
  type ModelRules,
  modelsFor,
} from '../spec/models.js'
import { flexibleSizeProblem, parseSize, resolveAutoSize } from '../spec/sizes.js'
import type { CheckedFields } from './check-fields.js'
import { stringTooLong } from './check-fields.js'

export interface ResolvedModel {
  name: string
  rules: ModelRules
}

/** The model a request runs on: named, fixed by an Azure deployment, or the endpoint's default. */
export function resolveModel(endpoint: Endpoint, fields: CheckedFields, fixedModel?: string): ResolvedModel {
  const name = fixedModel ?? (fields.model as string | undefined) ?? defaultModel(endpoint, fields)
  const rules = MODELS[name]
  if (!rules?.endpoints.includes(endpoint)) throw invalidValue('model', name, modelsFor(endpoint))
  return { name, rules }
}

function defaultModel(endpoint: Endpoint, fields: CheckedFields): string {
  if (endpoint !== 'generations') return DEFAULT_MODEL[endpoint]
  const gptOnly = GPT_IMAGE_ONLY_PARAMETERS.some((key) => fields[key] !== undefined)
  const gptQuality = ['low', 'medium', 'high'].includes(fields.quality as string)
  return gptOnly || gptQuality ? DEFAULT_GPT_IMAGE_MODEL : DEFAULT_MODEL.generations
}

export function checkModelFields({ name, rules }: ResolvedModel, fields: CheckedFields): void {
  const isGpt = rules.family === 'gpt-image'
  const present = (key: string) => fields[key] !== undefined
  if (!isGpt)
    for (const key of [...GPT_IMAGE_ONLY_PARAMETERS, 'input_fidelity'])
      if (present(key))
        throw unsupportedParameter(key, name, 'It is only supported for the GPT image models.')
  if (isGpt && present('response_format'))
    throw unsupportedParameter('response_format', name, 'GPT image models always return b64_json.')
  if (present('style') && rules.family !== 'dall-e-3')
    throw unsupportedParameter('style', name, 'It is only supported for dall-e-3.')
  if (present('input_fidelity') && !rules.supportsInputFidelity)
    throw unsupportedParameter('input_fidelity', name, 'It is not supported for this model.')

  const n = fields.n as number | undefined
  if (n !== undefined && n > rules.maxN)
    throw invalidRequest(
      `Invalid 'n': integer above maximum value for ${name}. Expected a value <= ${rules.maxN}, but got ${n} instead.`,
      'n',
      'integer_above_max_value',
    )
  const prompt = fields.prompt as string | undefined
  if (prompt !== undefined && [...prompt].length > rules.promptMaxLength)
    throw stringTooLong('prompt', rules.promptMaxLength, [...prompt].length)
  const quality = fields.quality as string | undefined
  if (quality !== undefined && !rules.qualities.includes(quality))
    throw invalidValue('quality', quality, rules.qualities)
  const size = fields.size as string | undefined
  if (size !== undefined) checkSize(name, rules, size)

  const format = (fields.output_format as OutputFormat | undefined) ?? 'png'
  if (fields.background === 'transparent' && format === 'jpeg')
    throw invalidRequest(
      `Invalid value for 'background': 'transparent' needs output_format 'png' or 'webp', but got 'jpeg'.`,
      'background',
      'invalid_value',
    )
  const compression = fields.output_compression as number | undefined
  if (compression !== undefined && compression !== 100 && format === 'png')
    throw invalidRequest(
      `Invalid value for 'output_compression': compression is only supported for the 'jpeg' and 'webp' output formats.`,
      'output_compression',
      'invalid_value',
    )
}

function checkSize(model: string, rules: ModelRules, size: string): void {
  if (rules.sizes !== 'flexible') {
    if (!rules.sizes.includes(size)) throw invalidValue('size', size, rules.sizes)
    return
  }
  if (size === 'auto') return
  const dimensions = parseSize(size)
  if (!dimensions)
    throw invalidRequest(
      `Invalid value: '${size}'. ${model} takes 'auto' or WIDTHxHEIGHT, for example '1536x864'.`,
      'size',
      'invalid_value',
    )
  const problem = flexibleSizeProblem(dimensions)
  if (problem)
    throw invalidRequest(`Invalid value: '${size}'. For ${model}, ${problem}.`, 'size', 'invalid_value')
}

/** Every default filled in; call after checkModelFields. */
export function toJob(
  endpoint: Endpoint,
  { name, rules }: ResolvedModel,
  fields: CheckedFields,
  inputs: InputImage[] = [],
  mask?: InputImage,
): ImageJob {
  const isGpt = rules.family === 'gpt-image'
  const requested =
    (fields.size as string | undefined) ?? (isGpt && endpoint === 'generations' ? 'auto' : '1024x1024')
  const size =
    requested === 'auto' ? resolveAutoSize(endpoint === 'edits' ? inputs[0] : undefined) : requested
  const { width, height } = parseSize(size) ?? { width: 1024, height: 1024 }
  const quality = (fields.quality as string | undefined) ?? 'auto'
  return {
    endpoint,
    model: name,
    family: rules.family,
    prompt: fields.prompt as string | undefined,
    n: (fields.n as number | undefined) ?? 1,
    width,
    height,
    size,
    quality: quality !== 'auto' ? quality : isGpt ? 'medium' : 'standard',
    background: fields.background === 'transparent' ? 'transparent' : 'opaque',
    outputFormat: (fields.output_format as OutputFormat | undefined) ?? 'png',
    outputCompression: (fields.output_compression as number | undefined) ?? 100,
    style:
      rules.family === 'dall-e-3'
        ? ((fields.style as 'vivid' | 'natural' | undefined) ?? 'vivid')
        : undefined,
    responseFormat: isGpt
      ? 'b64_json'
      : ((fields.response_format as 'url' | 'b64_json' | undefined) ?? 'url'),
    stream: (fields.stream as boolean | undefined) ?? false,
    partialImages: (fields.partial_images as number | undefined) ?? 0,
    inputFidelity: fields.input_fidelity as 'high' | 'low' | undefined,
    inputs,
    mask,
  }
}
