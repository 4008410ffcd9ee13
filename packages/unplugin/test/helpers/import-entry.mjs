// Imports the public entry point named by argv[2] in a process of its own, as a bundler's config does,
// and prints which CommonJS modules that loaded (ES modules are recorded by record-imports.mjs).
import { createRequire } from 'node:module'

await import(process.argv[2])
console.log(JSON.stringify({ commonJs: Object.keys(createRequire(import.meta.url).cache) }))
