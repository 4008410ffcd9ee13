export type { RemoteOptions, ResolvedRemote } from './options.js'
export { resolveRemote } from './options.js'
export type { PushResult, Remote } from './remote.js'
export type { RemoteLookup } from './remote-entries.js'
