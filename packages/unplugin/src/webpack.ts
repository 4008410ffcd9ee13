import unplugin from './index.js'

const webpack = unplugin.webpack
export default webpack
export { webpack as 'module.exports' }
