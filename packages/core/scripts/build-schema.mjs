// Writes schema/images.schema.json from the built package, so the JSON Schema editors use is the
// one the manifest is validated with. Runs after tsdown (see "build" in package.json): plain Node,
// no TypeScript loader needed.
import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { manifestJsonSchema } from '../dist/manifest/json-schema.js'

const target = fileURLToPath(new URL('../schema/images.schema.json', import.meta.url))
await writeFile(target, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`)

// Format it the way the repository's formatter would, so `biome check` passes on a fresh build.
// Outside the workspace (no Biome installed) the plain JSON.stringify output is just as valid.
try {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome')
  const result = spawnSync(process.execPath, [biome, 'format', '--write', target], { stdio: 'inherit' })
  if (result.status !== 0) process.exitCode = result.status ?? 1
} catch {
  console.warn('build-schema: Biome not found, schema left unformatted')
}
