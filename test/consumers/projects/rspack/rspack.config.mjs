import { defineConfig } from '@rspack/cli'
import { rspack } from '@rspack/core'
import imagegen from 'unplugin-imagegen/rspack'

export default defineConfig({
  entry: { main: './src/index.js' },
  plugins: [imagegen(), new rspack.HtmlRspackPlugin({ title: 'Rspack + imagegen' })],
})
