/** A fal app's input checked against the published schema subset, then turned into a job to draw. */

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import schema from '../../spec/fal-text-to-image.schema.json' with { type: 'json' }
import type { ApiError } from '../api-error.js'
import type { ImageJob, OutputFormat } from '../job.js'
import { falError, unprocessable } from './fal-error.js'

/** Which schema each app's input follows, and the size it makes when none is asked for. */
const APPS: Readonly<Record<string, { input: string; defaultSize: string }>> = {
  'fal-ai/flux/dev': { input: 'FluxInput', defaultSize: 'landscape_4_3' },
  'fal-ai/flux/schnell': { input: 'FluxInput', defaultSize: 'landscape_4_3' },
  'fal-ai/flux-pro/v1.1': { input: 'FluxInput', defaultSize: 'landscape_4_3' },
  'fal-ai/recraft/v3/text-to-image': { input: 'RecraftInput', defaultSize: 'square_hd' },
  'fal-ai/ideogram/v3': { input: 'IdeogramInput', defaultSize: 'square_hd' },
}

const PRESETS: Readonly<Record<string, readonly [number, number]>> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
}

const validators = new Map<string, ValidateFunction>()
let ajv: Ajv2020 | undefined

function validatorFor(input: string): ValidateFunction {
  let validate = validators.get(input)
  if (!validate) {
    ajv ??= new Ajv2020({ strict: false }).addSchema(schema)
    validate = ajv.getSchema(`${schema.$id}#/$defs/${input}`) as ValidateFunction
    validators.set(input, validate)
  }
  return validate
}

export function isFalApp(app: string): boolean {
  return Object.hasOwn(APPS, app)
}

export function validateFal(app: string, body: unknown): ImageJob {
  const spec = APPS[app]
  if (!spec) throw falError(404, `Application '${app}' not found`)
  const validate = validatorFor(spec.input)
  if (!validate(body)) throw inputError(validate.errors?.[0])
  const input = body as {
    prompt: string
    image_size?: string | { width: number; height: number }
    num_images?: number
    output_format?: OutputFormat
  }
  const size = input.image_size ?? spec.defaultSize
  const [width, height] =
    typeof size === 'string' ? (PRESETS[size] ?? [1024, 1024]) : [size.width, size.height]
  const format = input.output_format ?? (spec.input === 'FluxInput' ? 'jpeg' : 'png')
  return {
    endpoint: 'generations',
    model: app,
    family: 'fal',
    prompt: input.prompt,
    n: input.num_images ?? 1,
    width,
    height,
    size: `${width}x${height}`,
    quality: typeof size === 'string' ? size : 'custom',
    background: 'opaque',
    outputFormat: format,
    outputCompression: 90,
    style: undefined,
    responseFormat: 'b64_json',
    stream: false,
    partialImages: 0,
    inputFidelity: undefined,
    inputs: [],
    mask: undefined,
  }
}

function inputError(error: ErrorObject | undefined): ApiError {
  const loc = (error?.instancePath ?? '').split('/').filter(Boolean)
  if (error?.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty?: string }).additionalProperty ?? ''
    return unprocessable([...loc, name], 'Extra inputs are not permitted', 'extra_forbidden')
  }
  if (error?.keyword === 'required') {
    const name = (error.params as { missingProperty?: string }).missingProperty ?? ''
    return unprocessable([...loc, name], 'Field required', 'missing')
  }
  return unprocessable(loc, error?.message ?? 'Input should be valid')
}
