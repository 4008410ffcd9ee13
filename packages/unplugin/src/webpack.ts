import unplugin from './unplugin-instance.js'

const webpack = unplugin.webpack
export default webpack
export { webpack as 'module.exports' }
