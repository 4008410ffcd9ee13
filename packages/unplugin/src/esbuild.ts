import unplugin from './unplugin-instance.js'

const esbuild = unplugin.esbuild
export default esbuild
export { esbuild as 'module.exports' }
