/**
 * A small multipart/form-data parser. Written here rather than borrowed from `Request.formData()`
 * because that one invents `text/plain` for a file part sent without a Content-Type, and the service
 * judges uploads by the type the client declared.
 */

export interface FilePart {
  kind: 'file'
  name: string
  filename: string
  /** As declared by the client; undefined when the part had no Content-Type. */
  contentType: string | undefined
  bytes: Buffer
}

export interface TextPart {
  kind: 'text'
  name: string
  value: string
}

export type FormPart = FilePart | TextPart

export class MultipartError extends Error {}

export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = boundaryOf(contentType)
  if (!boundary) throw new MultipartError('the Content-Type has no boundary')
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: FormPart[] = []
  let position = body.indexOf(delimiter)
  if (position < 0) throw new MultipartError('the body has no part delimited by the boundary')
  for (;;) {
    position += delimiter.length
    if (body.subarray(position, position + 2).toString() === '--') return parts
    const headersStart = skipLineEnd(body, position)
    const headersEnd = body.indexOf('\r\n\r\n', headersStart)
    if (headersEnd < 0) throw new MultipartError('a part has no end of headers')
    const contentStart = headersEnd + 4
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), contentStart)
    if (next < 0) throw new MultipartError('the body ends before its closing boundary')
    const headers = parseHeaders(body.subarray(headersStart, headersEnd).toString('utf8'))
    parts.push(toPart(headers, body.subarray(contentStart, next)))
    position = next + 2
  }
}

function skipLineEnd(body: Buffer, position: number): number {
  let at = position
  while (body[at] === 0x20 || body[at] === 0x09) at++
  if (body[at] === 0x0d && body[at + 1] === 0x0a) return at + 2
  throw new MultipartError('a boundary is not followed by a line break')
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

function toPart(headers: Map<string, string>, content: Buffer): FormPart {
  const disposition = headers.get('content-disposition')
  if (!disposition || !/^form-data\b/i.test(disposition))
    throw new MultipartError('a part has no Content-Disposition: form-data header')
  const params = dispositionParams(disposition)
  const name = params.get('name')
  if (name === undefined) throw new MultipartError('a part has no name')
  const filename = params.get('filename*') ?? params.get('filename')
  if (filename === undefined) return { kind: 'text', name, value: content.toString('utf8') }
  return {
    kind: 'file',
    name,
    filename,
    contentType: headers.get('content-type'),
    bytes: Buffer.from(content),
  }
}

function dispositionParams(disposition: string): Map<string, string> {
  const params = new Map<string, string>()
  const pattern = /;\s*([^=\s;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g
  for (const match of disposition.matchAll(pattern)) {
    const key = (match[1] ?? '').toLowerCase()
    const quoted = match[2]
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (match[3] ?? '').trim()
    params.set(key, key.endsWith('*') ? decodeExtendedValue(value) : value)
  }
  return params
}

/** RFC 5987 `utf-8''name%20with%20spaces`. */
function decodeExtendedValue(value: string): string {
  const match = /^[^']*'[^']*'(.*)$/.exec(value)
  try {
    return decodeURIComponent(match ? (match[1] ?? '') : value)
  } catch {
    return value
  }
}
