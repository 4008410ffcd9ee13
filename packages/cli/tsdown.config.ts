import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  clean: true,
  // The manifest schema, where the `$schema` line `imagegen init` writes finds it: node_modules/imagegen/schema/.
  copy: [{ from: '../core/schema/images.schema.json', to: 'schema/images.schema.json' }],
})
