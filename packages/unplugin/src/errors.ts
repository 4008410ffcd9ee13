import { resolve } from 'node:path'
import { isImagegenError, ManifestError } from '@imagegen/core/internal'

const PREFIX = 'unplugin-imagegen: '

/** A bundler's view of a failure: Rollup and Vite show `loc` as a code frame. */
export interface BuildError extends Error {
  code?: string
  id?: string
  loc?: { file: string; line: number; column: number }
}

/**
 * An error for the bundler's error channel: the message says where it comes from and, for manifest
 * problems, `file:line:column` of each, as imagegen's errors already carry them.
 */
export function buildError(error: unknown, root: string): BuildError {
  if (!(error instanceof Error)) return new Error(`${PREFIX}${String(error)}`)
  if (error.message.startsWith(PREFIX)) return error
  const wrapped: BuildError = new Error(`${PREFIX}${error.message}`, { cause: error })
  if (!isImagegenError(error)) return wrapped
  wrapped.code = error.code
  const position = error instanceof ManifestError ? error.issues[0]?.position : error.position
  if (position) {
    const file = resolve(root, position.file)
    wrapped.id = file
    wrapped.loc = { file, line: position.line, column: position.column }
  }
  return wrapped
}
