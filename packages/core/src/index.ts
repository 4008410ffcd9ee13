export * from './errors.js'
export type { Logger } from './logger.js'
export * from './manifest/types.js'
