import type { Readable } from 'node:stream'

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`)
  }
}

/** Reads a response body, refusing one larger than `limit` before it is all in memory. */
export async function readBodyCapped(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      throw new BodyTooLargeError(limit)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks, size)
}
