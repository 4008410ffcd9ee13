import { invalidRequest, invalidValue } from '../api-error.js'
import type { ImageJob, InputImage } from '../job.js'
import type { FilePart } from '../parse/multipart.js'
import { jsonObject, type ParsedBody, unsupportedContentType } from '../parse/request-body.js'
import { EDIT_SCHEMA, JSON_EDIT_SCHEMA } from '../spec/fields.js'
import { MODELS } from '../spec/models.js'
import { checkFields } from './check-fields.js'
import { type ImageRef, loadImageRef } from './image-refs.js'
import { checkMask, inspectUpload, type Upload } from './input-images.js'
import { checkModelFields, type ResolvedModel, resolveModel, toJob } from './model-rules.js'
import { multipartFields } from './multipart-fields.js'

export async function validateEdit(body: ParsedBody, fixedModel?: string): Promise<ImageJob> {
  if (body.kind === 'multipart') return validateMultipartEdit(body.parts, fixedModel)
  if (body.kind === 'json') return validateJsonEdit(body.value, fixedModel)
  throw unsupportedContentType(body.contentType, 'multipart/form-data or application/json')
}

async function validateMultipartEdit(
  parts: Extract<ParsedBody, { kind: 'multipart' }>['parts'],
  fixedModel?: string,
): Promise<ImageJob> {
  const fields = checkFields(multipartFields(parts), EDIT_SCHEMA, 'multipart')
  const model = resolveModel('edits', fields, fixedModel)
  checkModelFields(model, fields)
  const image = fields.image as FilePart | FilePart[]
  const files = Array.isArray(image) ? image : [image]
  const field = Array.isArray(image) ? 'image[]' : 'image'
  const uploads = files.map((file) => ({ field, contentType: file.contentType, bytes: file.bytes }))
  const mask = fields.mask as FilePart | undefined
  const maskUpload = mask && { field: 'mask', contentType: mask.contentType, bytes: mask.bytes }
  const { inputs, maskImage } = await inspectInputs(model, uploads, maskUpload)
  return toJob('edits', model, fields, inputs, maskImage)
}

async function validateJsonEdit(value: unknown, fixedModel?: string): Promise<ImageJob> {
  const fields = checkFields(jsonObject(value), JSON_EDIT_SCHEMA, 'json')
  const model = resolveModel('edits', fields, fixedModel)
  if (model.rules.family !== 'gpt-image') {
    const gptModels = Object.keys(MODELS).filter((name) => MODELS[name]?.family === 'gpt-image')
    throw invalidValue('model', model.name, gptModels)
  }
  checkModelFields(model, fields)
  const refs = fields.images as ImageRef[]
  const uploads = await Promise.all(refs.map((ref, index) => loadImageRef(ref, `images[${index}]`)))
  const maskUpload = fields.mask ? await loadImageRef(fields.mask as ImageRef, 'mask') : undefined
  const { inputs, maskImage } = await inspectInputs(model, uploads, maskUpload)
  return toJob('edits', model, { size: 'auto', ...fields }, inputs, maskImage)
}

async function inspectInputs(
  { name, rules }: ResolvedModel,
  uploads: Upload[],
  maskUpload: Upload | undefined,
): Promise<{ inputs: InputImage[]; maskImage: InputImage | undefined }> {
  if (uploads.length > rules.maxEditImages)
    throw invalidRequest(
      `Invalid 'image': ${name} takes at most ${rules.maxEditImages} image${rules.maxEditImages === 1 ? '' : 's'}, but got ${uploads.length}.`,
      'image',
      'array_above_max_length',
    )
  const inputs: InputImage[] = []
  for (const upload of uploads) inputs.push(await inspectUpload(upload, rules.family))
  const maskImage = maskUpload && (await inspectUpload(maskUpload, rules.family))
  if (maskImage && inputs[0]) checkMask(maskImage, inputs[0])
  return { inputs, maskImage }
}
