export { costFromUsage } from './actual.js'
export { estimateCost, estimateCostOf, type InputSize, inputSizesOf } from './estimate.js'
export { findPrice } from './registry.js'
export type * from './types.js'
