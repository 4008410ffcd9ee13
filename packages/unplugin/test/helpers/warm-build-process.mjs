// A `vite build` as its own process: imports the built plugin the way a vite.config does, builds the
// project at argv[2] in frozen mode, and prints what the build said and which CommonJS modules it loaded
// (ES modules are recorded by record-imports.mjs).
import { createRequire } from 'node:module'
import { join } from 'node:path'
import imagegen from 'unplugin-imagegen/vite'
import { build } from 'vite'

const root = process.argv[2]
const lines = []
const logger = { info: (message) => lines.push(message), warn: (message) => lines.push(message), error() {} }
await build({
  root,
  configFile: false,
  logLevel: 'silent',
  plugins: [imagegen({ mode: 'frozen', logger })],
  build: { outDir: join(root, 'dist-warm'), rollupOptions: { input: join(root, 'entry.js') } },
})
const commonJs = Object.keys(createRequire(import.meta.url).cache)
console.log(JSON.stringify({ lines, commonJs }))
