import type { ImageJob } from '../job.js'
import { jsonObject, type ParsedBody, unsupportedContentType } from '../parse/request-body.js'
import { GENERATION_SCHEMA } from '../spec/fields.js'
import { checkFields } from './check-fields.js'
import { checkModelFields, resolveModel, toJob } from './model-rules.js'

export function validateGeneration(body: ParsedBody, fixedModel?: string): ImageJob {
  if (body.kind !== 'json')
    throw unsupportedContentType(
      body.kind === 'none' ? body.contentType : 'multipart/form-data',
      'application/json',
    )
  const fields = checkFields(jsonObject(body.value), GENERATION_SCHEMA, 'json')
  const model = resolveModel('generations', fields, fixedModel)
  checkModelFields(model, fields)
  return toJob('generations', model, fields)
}
