/** The loader `withImagegen` puts in Next's Turbopack rules and webpack config, by its file path. */
export { default } from './next/loader.js'
