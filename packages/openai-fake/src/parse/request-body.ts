/** Reads a request body by its Content-Type: JSON or multipart. */

import { invalidRequest } from '../api-error.js'
import { type FormPart, type MultipartError, parseMultipart } from './multipart.js'

export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart'; parts: FormPart[] }
  | { kind: 'none'; contentType: string | undefined }

const JSON_HINT =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"

export function parseRequestBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase()
  if (mediaType === 'multipart/form-data') {
    try {
      return { kind: 'multipart', parts: parseMultipart(body, contentType ?? '') }
    } catch (error) {
      throw invalidRequest(`Could not parse the multipart form: ${(error as MultipartError).message}.`)
    }
  }
  if (mediaType === 'application/json' || mediaType?.endsWith('+json')) {
    try {
      return { kind: 'json', value: JSON.parse(body.toString('utf8')) }
    } catch {
      throw invalidRequest(JSON_HINT)
    }
  }
  return { kind: 'none', contentType }
}

export function unsupportedContentType(contentType: string | undefined, expected: string) {
  return invalidRequest(
    `Unsupported Content-Type ${contentType ? `'${contentType}'` : '(none)'}; this endpoint takes ${expected}.`,
    null,
    'unsupported_content_type',
  )
}

export function jsonObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidRequest('The request body must be a JSON object.', null, 'invalid_type')
  return value as Record<string, unknown>
}
