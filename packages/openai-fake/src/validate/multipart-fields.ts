/** Turns multipart parts into named fields: one value per name, several images only as `image[]`. */

import { invalidRequest } from '../api-error.js'
import type { FilePart, FormPart } from '../parse/multipart.js'

export function isFilePart(value: unknown): value is FilePart {
  return typeof value === 'object' && value !== null && (value as FilePart).kind === 'file'
}

export function multipartFields(parts: readonly FormPart[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  const images: FilePart[] = []
  let sawImageArray = false
  for (const part of parts) {
    const value = part.kind === 'file' ? part : part.value
    if (part.name === 'image[]') {
      sawImageArray = true
      if (part.kind !== 'file')
        throw invalidRequest(
          `Invalid type for 'image[]': expected a file, but got a string instead.`,
          'image',
          'invalid_type',
        )
      images.push(part)
      continue
    }
    if (part.name in fields)
      throw invalidRequest(
        part.name === 'image'
          ? `Duplicate parameter 'image': send several images as repeated 'image[]' parts.`
          : `Duplicate parameter '${part.name}': it may appear once.`,
        part.name,
        'duplicate_parameter',
      )
    fields[part.name] = value
  }
  if (sawImageArray) {
    if ('image' in fields)
      throw invalidRequest(
        `Send either one 'image' part or repeated 'image[]' parts, not both.`,
        'image',
        'duplicate_parameter',
      )
    fields.image = images
  }
  return fields
}
