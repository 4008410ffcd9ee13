import { directPlugin } from './direct-plugin.js'

const rollup = directPlugin('rollup')
export default rollup
export { rollup as 'module.exports' }
