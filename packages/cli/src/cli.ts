#!/usr/bin/env node
import { runCli } from './index.js'

// The first Ctrl+C stops the run cleanly (finished images kept, summary printed); a second one exits now.
const controller = new AbortController()
const stop = () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

process.exitCode = await runCli(process.argv.slice(2), controller.signal)
