/** JSON edits reference images by `image_url` (a data: URL or an http(s) URL) or `file_id`. */

import { invalidRequest } from '../api-error.js'
import type { Upload } from './input-images.js'

export interface ImageRef {
  image_url?: string
  file_id?: string
}

const DOWNLOAD_TIMEOUT_MS = 10_000
const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024

export async function loadImageRef(ref: ImageRef, field: string): Promise<Upload> {
  if (ref.file_id !== undefined)
    throw invalidRequest(
      `No such file: '${ref.file_id}'. The fake server has no Files API; reference images with data: or http(s) URLs.`,
      field,
      'invalid_value',
    )
  const url = ref.image_url ?? ''
  if (url.startsWith('data:')) return fromDataUrl(url, field)
  if (/^https?:\/\//i.test(url)) return download(url, field)
  throw invalidRequest(
    `Invalid '${field}.image_url': expected a data: URL or an http(s) URL.`,
    field,
    'invalid_value',
  )
}

function fromDataUrl(url: string, field: string): Upload {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,(.*)$/s.exec(url)
  if (!match)
    throw invalidRequest(`Invalid '${field}.image_url': a malformed data: URL.`, field, 'invalid_value')
  const [, type, , base64, data = ''] = match
  const bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'latin1')
  return { field, contentType: type || undefined, bytes }
}

async function download(url: string, field: string): Promise<Upload> {
  const failed = () => invalidRequest(`Error while downloading ${url}.`, field, 'invalid_image_url')
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch(
    () => undefined,
  )
  if (!response?.ok) throw failed()
  const bytes = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)))
  if (bytes.length === 0 || bytes.length > MAX_DOWNLOAD_BYTES) throw failed()
  return { field, contentType: response.headers.get('content-type') ?? undefined, bytes }
}
