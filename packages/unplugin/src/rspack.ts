import unplugin from './index.js'

const rspack = unplugin.rspack
export default rspack
export { rspack as 'module.exports' }
