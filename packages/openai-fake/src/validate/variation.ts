import type { ImageJob } from '../job.js'
import type { FilePart } from '../parse/multipart.js'
import { type ParsedBody, unsupportedContentType } from '../parse/request-body.js'
import { VARIATION_SCHEMA } from '../spec/fields.js'
import { checkFields } from './check-fields.js'
import { inspectUpload } from './input-images.js'
import { checkModelFields, resolveModel, toJob } from './model-rules.js'
import { multipartFields } from './multipart-fields.js'

export async function validateVariation(body: ParsedBody, fixedModel?: string): Promise<ImageJob> {
  if (body.kind !== 'multipart')
    throw unsupportedContentType(
      body.kind === 'none' ? body.contentType : 'application/json',
      'multipart/form-data',
    )
  const fields = checkFields(multipartFields(body.parts), VARIATION_SCHEMA, 'multipart')
  const model = resolveModel('variations', fields, fixedModel)
  checkModelFields(model, fields)
  const image = fields.image as FilePart
  const input = await inspectUpload(
    { field: 'image', contentType: image.contentType, bytes: image.bytes },
    model.rules.family,
  )
  return toJob('variations', model, fields, [input])
}
