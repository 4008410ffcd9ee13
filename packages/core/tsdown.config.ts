import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'tsdown'

/**
 * Which build of the engine this is: its version and a hash of its sources. Caches of what the engine
 * computed (parsed manifests) are keyed by it, so a cache never outlives the code that wrote it.
 */
function engineId(): string {
  const hash = createHash('sha256')
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).sort()
  for (const file of files.filter((name) => name.endsWith('.ts'))) {
    hash.update(file).update(readFileSync(join('src', file)))
  }
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
  return `${version}+${hash.digest('hex').slice(0, 16)}`
}

export default defineConfig({
  // json-schema: for scripts/build-schema.mjs only; the schema ships as schema/images.schema.json.
  entry: ['src/index.ts', 'src/internal.ts', 'src/manifest/json-schema.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  clean: true,
  define: { __IMAGEGEN_ENGINE__: JSON.stringify(engineId()) },
})
