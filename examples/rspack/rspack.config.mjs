import { fileURLToPath } from 'node:url'
import imagegen from 'unplugin-imagegen/rspack'
import { IndexHtmlPlugin } from './html-plugin.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

export default {
  entry: { main: './src/main.js' },
  output: { path: here('dist'), filename: '[name]-[contenthash].js', publicPath: '/', clean: true },
  plugins: [imagegen(), new IndexHtmlPlugin(here('index.html'))],
}
