import type { IncomingMessage } from 'node:http'
import { ApiError } from '../api-error.js'

/** The whole request body; 413 past `maxBytes`. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        request.removeAllListeners('data')
        request.resume()
        reject(
          new ApiError(413, {
            message: `Request body too large: more than ${maxBytes} bytes.`,
            type: 'invalid_request_error',
            param: null,
            code: 'request_too_large',
          }),
        )
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
    request.on('close', () => {
      if (!request.complete) reject(new Error('the client closed the connection before the body ended'))
    })
  })
}
