#!/usr/bin/env node
/**
 * imagegen-openai-fake: the fake Images API as a process, for CI and offline demos.
 * Prints `OPENAI_BASE_URL=http://127.0.0.1:PORT/v1` on stdout, one line per request on stderr,
 * and runs until SIGINT or SIGTERM. Faults come from `[fake:…]` markers in prompts.
 */

import { parseArgs } from 'node:util'
import type { Delay } from './faults/types.js'
import type { RecordedRequest } from './record.js'
import { startFakeOpenAI } from './server.js'

const USAGE = `Usage: imagegen-openai-fake [options]

  --port N              port to listen on (default: a free one)
  --host ADDRESS        address to listen on (default: 127.0.0.1)
  --latency MS|MIN-MAX  delay before every image answer (default: 0)
  --api-key KEY         accept only this key (default: any non-empty key)
  --max-in-flight N     answer 429 beyond N concurrent requests
  --rpm N               requests per minute (default: 100000)
  --quiet               no per-request log
  --help

Prompts may carry faults, e.g. "An otter [fake:status=503 times=2]" or "[fake:delay=500-1500]".`

function parseDelay(text: string): Delay {
  const range = /^(\d+)-(\d+)$/.exec(text)
  if (range) return [Number(range[1]), Number(range[2])]
  const ms = Number(text)
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`--latency takes MS or MIN-MAX, not '${text}'`)
  return ms
}

function optionalNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} takes a number, not '${text}'`)
  return value
}

function logLine(request: RecordedRequest): string {
  const status = request.status ?? '---'
  const extra = [
    request.model,
    request.fault && `fault=${request.fault}`,
    request.outcome !== 'answered' && request.outcome,
  ]
  return `${request.method} ${request.path} ${status} ${extra.filter(Boolean).join(' ')} ${request.durationMs ?? 0}ms`
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      latency: { type: 'string' },
      'api-key': { type: 'string' },
      'max-in-flight': { type: 'string' },
      rpm: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const fake = await startFakeOpenAI({
    port: optionalNumber(values.port, '--port'),
    host: values.host,
    latencyMs: values.latency === undefined ? undefined : parseDelay(values.latency),
    apiKey: values['api-key'],
    maxInFlight: optionalNumber(values['max-in-flight'], '--max-in-flight'),
    requestsPerMinute: optionalNumber(values.rpm, '--rpm'),
    onRequest: values.quiet ? undefined : (request) => process.stderr.write(`${logLine(request)}\n`),
  })
  process.stdout.write(`OPENAI_BASE_URL=${fake.url}\n`)
  const stop = () => {
    fake.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `imagegen-openai-fake: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  )
  process.exit(1)
})
