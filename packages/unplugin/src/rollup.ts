import unplugin from './index.js'

const rollup = unplugin.rollup
export default rollup
export { rollup as 'module.exports' }
