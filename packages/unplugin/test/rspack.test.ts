import { bundlerSuite } from './bundler-suite.js'

bundlerSuite('rspack')
