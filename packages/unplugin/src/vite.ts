import { directPlugin } from './direct-plugin.js'

const vite = directPlugin('vite')
export default vite
export { vite as 'module.exports' }
