import type { HttpLocation } from './options.js'
import { createDispatcher, expectStatus, RemoteError, send, type Transport } from './transport.js'

/**
 * A Bazel-style HTTP cache (nginx WebDAV, bazel-remote, any server that keeps what is PUT): plain GET,
 * HEAD, PUT and DELETE under a base URL, with a bearer token or basic credentials.
 */
export function createHttpTransport(location: HttpLocation, timeoutMs: number): Transport {
  const dispatcher = createDispatcher(timeoutMs)
  const auth: Record<string, string> = location.authorization ? { authorization: location.authorization } : {}
  const call = (method: 'GET' | 'HEAD' | 'PUT' | 'DELETE', path: string, extra = {}, body?: Uint8Array) =>
    send(dispatcher, {
      method,
      url: new URL(path, location.base),
      headers: { ...auth, ...extra },
      ...(body ? { body } : {}),
      timeoutMs,
      what: path,
    })

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
      if (answer.status === 412) return 'exists'
      if (answer.status === 405 || answer.status === 404)
        throw new RemoteError('denied', `PUT ${path} answered ${answer.status}: the server takes no writes`)
      expectStatus(answer, 'PUT', path)
      return 'written'
    },
    async delete(path) {
      const answer = await call('DELETE', path)
      if (answer.status !== 404) expectStatus(answer, 'DELETE', path)
    },
    close: () => dispatcher.close(),
  }
}
