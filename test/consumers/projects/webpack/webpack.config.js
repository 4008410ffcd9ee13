const path = require('node:path')
const HtmlWebpackPlugin = require('html-webpack-plugin')
const imagegen = require('unplugin-imagegen/webpack')

module.exports = {
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash].js', clean: true },
  plugins: [imagegen(), new HtmlWebpackPlugin({ title: 'webpack + imagegen' })],
}
