// Loaded with `node --import`: appends the URL of every module the process resolves, one a line, to the
// file named by RECORD_IMPORTS. Appended synchronously, before the import goes on, so the list is whole
// the moment the last import has settled.
import { appendFileSync } from 'node:fs'
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

// This file is also the hooks module, which Node loads again on its hooks thread.
if (isMainThread) register(import.meta.url, { data: { file: process.env.RECORD_IMPORTS } })

let file

export function initialize(data) {
  file = data.file
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  appendFileSync(file, `${resolved.url}\n`)
  return resolved
}
