import { bundlerSuite } from './bundler-suite.js'

// The oldest majors of the peer range, which bundle with Rollup.
bundlerSuite('vite6')
