import { objectTransport } from './object-transport.js'
import type { HttpLocation } from './options.js'
import { createDispatcher, RemoteError, send, type Transport } from './transport.js'

/**
 * A Bazel-style HTTP cache (nginx WebDAV, bazel-remote, any server that keeps what is PUT): plain GET,
 * HEAD, PUT and DELETE under a base URL, with a bearer token or basic credentials.
 */
export function createHttpTransport(location: HttpLocation, timeoutMs: number): Transport {
  const dispatcher = createDispatcher(timeoutMs)
  const auth: Record<string, string> = location.authorization ? { authorization: location.authorization } : {}
  return objectTransport(
    (method, path, headers = {}, body) =>
      send(dispatcher, {
        method,
        url: new URL(path, location.base),
        headers: { ...auth, ...headers },
        ...(body ? { body } : {}),
        timeoutMs,
        what: path,
      }),
    () => dispatcher.close(),
    (answer, path) => {
      if (answer.status === 412) return 'exists'
      if (answer.status === 405 || answer.status === 404)
        throw new RemoteError('denied', `PUT ${path} answered ${answer.status}: the server takes no writes`)
      return undefined
    },
  )
}
