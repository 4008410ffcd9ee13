import { sha256 } from '../hash.js'
import { objectTransport } from './object-transport.js'
import type { S3Location } from './options.js'
import { createDispatcher, send, type Transport } from './transport.js'

/**
 * S3's object API (AWS S3, R2, MinIO, Backblaze B2, GCS interoperability, s3rver) with SigV4 headers from
 * aws4fetch. Without credentials requests go unsigned, which is how a public bucket is read.
 */
export function createS3Transport(location: S3Location, timeoutMs: number): Transport {
  const dispatcher = createDispatcher(timeoutMs)
  return objectTransport(
    async (method, path, extra = {}, body) => {
      const url = objectUrl(location, path)
      const headers = await signedHeaders(location, method, url, extra, body)
      return send(dispatcher, { method, url, headers, ...(body ? { body } : {}), timeoutMs, what: path })
    },
    () => dispatcher.close(),
    // 412: the object exists; 409: a concurrent conditional write to it is under way.
    (answer) => (answer.status === 412 || answer.status === 409 ? 'exists' : undefined),
  )
}

/** Path-style `endpoint/bucket/key` or virtual-hosted `bucket.endpoint/key`; the key's segments encoded. */
export function objectUrl(location: S3Location, path: string): URL {
  const key = [location.prefix, path].filter(Boolean).join('/').split('/').map(encodeURIComponent).join('/')
  const url = new URL(location.endpoint.href)
  const base = url.pathname.replace(/\/+$/, '')
  if (location.pathStyle) url.pathname = `${base}/${encodeURIComponent(location.bucket)}/${key}`
  else {
    url.hostname = `${location.bucket}.${url.hostname}`
    url.pathname = `${base}/${key}`
  }
  return url
}

/**
 * The headers of one request, signed when there are credentials. The payload's real sha256 is signed
 * (never `UNSIGNED-PAYLOAD`), so a body altered on the way is refused by the server.
 */
export async function signedHeaders(
  location: S3Location,
  method: string,
  url: URL,
  headers: Record<string, string>,
  body?: Uint8Array,
  datetime?: string,
): Promise<Record<string, string>> {
  const all = { ...headers, 'x-amz-content-sha256': sha256(body ?? new Uint8Array()) }
  const { credentials } = location
  if (!credentials) return all
  const { AwsV4Signer } = await import('aws4fetch')
  const signer = new AwsV4Signer({
    method,
    url: url.href,
    headers: all,
    ...credentials,
    service: 's3',
    region: location.region,
    ...(datetime ? { datetime } : {}),
  })
  const signed = await signer.sign()
  return Object.fromEntries(signed.headers.entries())
}
