// Bundles src/main.js into dist/ with the images of images.yaml, and copies index.html beside it.
import { copyFile, mkdir } from 'node:fs/promises'
import { build } from 'esbuild'
import imagegen from 'unplugin-imagegen/esbuild'

await mkdir('dist', { recursive: true })
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  outdir: 'dist',
  publicPath: '/',
  assetNames: 'assets/[name]-[hash]',
  plugins: [imagegen()],
})
await copyFile('index.html', 'dist/index.html')
