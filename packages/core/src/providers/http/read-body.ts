import type { Readable } from 'node:stream'

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`)
  }
}

/** A response body's chunks as they come, refusing the body once it grows past `limit` bytes. */
export async function* cappedChunks(body: Readable, limit: number): AsyncGenerator<Buffer> {
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      throw new BodyTooLargeError(limit)
    }
    yield chunk as Buffer
  }
}

/** Reads a response body, refusing one larger than `limit` before it is all in memory. */
export async function readBodyCapped(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of cappedChunks(body, limit)) chunks.push(chunk)
  return Buffer.concat(chunks)
}
