import unplugin from './index.js'

const esbuild = unplugin.esbuild
export default esbuild
export { esbuild as 'module.exports' }
