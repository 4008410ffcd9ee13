import unplugin from './index.js'

const vite = unplugin.vite
export default vite
export { vite as 'module.exports' }
