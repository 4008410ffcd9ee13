import unplugin from './unplugin-instance.js'

const rspack = unplugin.rspack
export default rspack
export { rspack as 'module.exports' }
