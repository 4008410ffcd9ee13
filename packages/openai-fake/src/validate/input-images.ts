/** Uploaded images: declared type, real format (read with sharp), byte size, shape, and the mask rules. */

import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { invalidRequest, listValues } from '../api-error.js'
import type { InputImage } from '../job.js'
import type { ModelFamily } from '../spec/models.js'

export interface Upload {
  field: string
  /** The Content-Type the client declared for the part (or the data: URL's type). */
  contentType: string | undefined
  bytes: Buffer
}

const MB = 1024 * 1024
const GPT_TYPES = ['image/jpeg', 'image/png', 'image/webp']
const GPT_FORMATS = ['jpeg', 'png', 'webp']

interface UploadRule {
  types: string[]
  formats: string[]
  maxBytes: number
  square: boolean
}

function ruleFor(family: ModelFamily, field: string): UploadRule {
  if (field === 'mask') return { types: ['image/png'], formats: ['png'], maxBytes: 4 * MB, square: false }
  if (family === 'gpt-image')
    return { types: GPT_TYPES, formats: GPT_FORMATS, maxBytes: 50 * MB, square: false }
  // Gemini's inline parts: the whole request must stay under 20 MB.
  if (family === 'gemini') return { types: GPT_TYPES, formats: GPT_FORMATS, maxBytes: 20 * MB, square: false }
  return { types: ['image/png'], formats: ['png'], maxBytes: 4 * MB, square: true }
}

export async function inspectUpload(upload: Upload, family: ModelFamily): Promise<InputImage> {
  const { field, bytes } = upload
  const param = field.replace(/\[\d*\]$/, '')
  const rule = ruleFor(family, param)
  const declared =
    (upload.contentType ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!rule.types.includes(declared))
    throw invalidRequest(
      `Invalid file '${param}': unsupported mimetype ('${declared}'). Supported file formats are ${listValues(rule.types)}.`,
      param,
      'unsupported_file_mimetype',
    )
  if (bytes.length >= rule.maxBytes)
    throw invalidRequest(
      `Invalid file '${param}': the file is ${bytes.length} bytes; it must be less than ${rule.maxBytes / MB} MB.`,
      param,
      'file_too_large',
    )
  const metadata = await sharp(bytes)
    .metadata()
    .catch(() => undefined)
  if (!metadata?.format || !rule.formats.includes(metadata.format) || !metadata.width || !metadata.height)
    throw invalidRequest(
      `Invalid file '${param}': the file is not a valid ${rule.formats.join(', ').toUpperCase()} image.`,
      param,
      'invalid_image_format',
    )
  if (rule.square && metadata.width !== metadata.height)
    throw invalidRequest(
      `Invalid file '${param}': the image must be square, but it is ${metadata.width}x${metadata.height}.`,
      param,
      'invalid_image_shape',
    )
  return {
    field,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    width: metadata.width,
    height: metadata.height,
    format: metadata.format,
    hasAlpha: metadata.hasAlpha ?? false,
    bytes: bytes.length,
  }
}

/** The mask applies to the first image: same dimensions, and an alpha channel to mark what to edit. */
export function checkMask(mask: InputImage, first: InputImage): void {
  if (mask.width !== first.width || mask.height !== first.height)
    throw invalidRequest(
      `Invalid file 'mask': the mask is ${mask.width}x${mask.height} but the image is ${first.width}x${first.height}; they must have the same dimensions.`,
      'mask',
      'invalid_mask_dimensions',
    )
  if (!mask.hasAlpha)
    throw invalidRequest(
      `Invalid file 'mask': the mask has no alpha channel; its fully transparent areas mark where to edit.`,
      'mask',
      'invalid_mask_format',
    )
}
