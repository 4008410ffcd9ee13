import { createRequire } from 'node:module'
import { defineConfig } from 'tsdown'

// The manifest's JSON Schema ships in this package too: under pnpm, @imagegen/core is not in the
// project's own node_modules, and the `$schema` line of images.yaml must name a path that exists.
const schema = createRequire(import.meta.url).resolve('@imagegen/core/images.schema.json')

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/vite.ts',
    'src/webpack.ts',
    'src/rspack.ts',
    'src/rollup.ts',
    'src/esbuild.ts',
    'src/next.ts',
    'src/next-loader.ts',
    'src/astro.ts',
    'src/nuxt.ts',
  ],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  clean: true,
  copy: [{ from: schema, to: 'dist/images.schema.json' }],
})
