/** The CLI's own child-process runner: the suites here drive `imagegen` exactly as its tests do. */
export { CLI, type CliResult, runImagegen } from '../../packages/cli/test/cli-helpers.js'
