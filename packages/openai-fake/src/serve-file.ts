/** GET of an image answered as `url`. Like a signed blob URL it needs no key; it expires. */

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ServerState } from './server-state.js'

export function serveFile(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
) {
  const file = state.files.get(name)
  const status =
    request.method !== 'GET' && request.method !== 'HEAD'
      ? 405
      : file === undefined
        ? 404
        : file === 'expired'
          ? 403
          : 200
  state.downloads.push({ path: request.url ?? '', status, receivedAt: state.options.now() })
  if (status !== 200 || typeof file !== 'object') {
    const messages: Record<number, string> = {
      403: 'This URL has expired.',
      404: 'No such file.',
      405: 'Method not allowed.',
    }
    const message = messages[status]
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
    response.end(`${message}\n`)
    return
  }
  response.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.bytes.length,
    'cache-control': 'private, max-age=3600',
  })
  response.end(request.method === 'HEAD' ? undefined : file.bytes)
}
