import { type Answer, expectStatus, type Method, type Transport } from './transport.js'

/** One signed or authorised request to the server, at a path relative to the remote. */
export type Call = (
  method: Method,
  path: string,
  headers?: Record<string, string>,
  body?: Uint8Array,
) => Promise<Answer>

/**
 * GET, HEAD, PUT and DELETE as every object server answers them (404 is "none", other non-2xx refused).
 * What differs between servers is how a PUT that did not write says so: `putRefusal` reads that answer —
 * `exists` for a create-once the server declined, or a thrown error — and undefined for anything else.
 */
export function objectTransport(
  call: Call,
  close: () => Promise<void>,
  putRefusal: (answer: Answer, path: string) => 'exists' | undefined,
): Transport {
  return {
    async get(path) {
      const answer = await call('GET', path)
      if (answer.status === 404) return undefined
      expectStatus(answer, 'GET', path)
      return answer.body
    },
    async head(path) {
      const answer = await call('HEAD', path)
      if (answer.status === 404) return false
      expectStatus(answer, 'HEAD', path)
      return true
    },
    async put(path, body, { ifNoneMatch = false } = {}) {
      const headers = {
        'content-type': 'application/octet-stream',
        ...(ifNoneMatch ? { 'if-none-match': '*' } : {}),
      }
      const answer = await call('PUT', path, headers, body)
      if (putRefusal(answer, path) === 'exists') return 'exists'
      expectStatus(answer, 'PUT', path)
      return 'written'
    },
    async delete(path) {
      const answer = await call('DELETE', path)
      if (answer.status !== 404) expectStatus(answer, 'DELETE', path)
    },
    close,
  }
}
