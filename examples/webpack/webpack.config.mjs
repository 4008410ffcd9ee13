import { fileURLToPath } from 'node:url'
import imagegen from 'unplugin-imagegen/webpack'
import { IndexHtmlPlugin } from './html-plugin.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

export default {
  entry: { main: './src/main.js' },
  output: {
    path: here('dist'),
    filename: '[name]-[contenthash].js',
    // Where images go, and how they are named: imagegen's files follow the bundler's own setting.
    assetModuleFilename: 'assets/[name]-[contenthash:8][ext]',
    publicPath: '/',
    clean: true,
  },
  plugins: [imagegen(), new IndexHtmlPlugin(here('index.html'))],
}
