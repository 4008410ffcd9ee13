export type { ImagegenImage } from '@imagegen/core'
export type { NextOptions } from './next/loader-options.js'
export { withImagegen, withImagegen as default } from './next/with-imagegen.js'
