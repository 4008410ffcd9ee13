/**
 * Faults written into a prompt, for the bin and demos where no code can script the server:
 *
 *   "An otter [fake:status=503 times=2]"   the first two requests with this prompt get a 503
 *   "An otter [fake:delay=200-800]"        answered after 200–800 ms
 *
 * Syntax: `[fake:<kind>[=<value>] [<option>=<value> ...]]`; `times=N` works with every kind.
 * Kinds: delay=MS|MIN-MAX, status=CODE, rate-limit (retry-after=S, retry-after-ms=MS, retry-after-date),
 * quota, moderation[=image], hang, reset (after=BYTES), truncated (keep=BYTES), content-type=TYPE,
 * endless (interval=MS, chunk=BYTES), oversized (bytes=N), wrong-format[=png|jpeg|webp],
 * invalid-base64, url[=URL], stream-cut (after=EVENTS, clean), stream-error[=CODE] (after=EVENTS).
 */

import { invalidRequest } from '../api-error.js'
import type { OutputFormat } from '../job.js'
import type { Delay, Fault, FaultRule } from './types.js'

const MARKER = /\[fake:([^\]]*)\]/g

type Options = Map<string, string | undefined>

const FAULTS: Record<string, (value: string | undefined, options: Options) => Fault> = {
  status: (value) => ({ kind: 'status', status: integer(value, 'status') }),
  'rate-limit': (_, options) => ({
    kind: 'rate-limit',
    retryAfterSeconds: optionalNumber(options, 'retry-after'),
    retryAfterMs: optionalNumber(options, 'retry-after-ms'),
    retryAfterDate: options.has('retry-after-date'),
  }),
  quota: () => ({ kind: 'insufficient-quota' }),
  moderation: (value) => (value === 'image' ? { kind: 'moderation', on: 'image' } : { kind: 'moderation' }),
  hang: () => ({ kind: 'hang' }),
  reset: (_, options) => ({ kind: 'reset', afterBytes: optionalNumber(options, 'after') }),
  truncated: (_, options) => ({ kind: 'truncated-body', keepBytes: optionalNumber(options, 'keep') }),
  'content-type': (value) => ({ kind: 'wrong-content-type', contentType: value }),
  endless: (_, options) => ({
    kind: 'endless-body',
    intervalMs: optionalNumber(options, 'interval'),
    chunkBytes: optionalNumber(options, 'chunk'),
  }),
  oversized: (_, options) => ({ kind: 'oversized-image', bytes: optionalNumber(options, 'bytes') }),
  'wrong-format': (value) => ({ kind: 'wrong-format', format: value as OutputFormat | undefined }),
  'invalid-base64': () => ({ kind: 'invalid-base64' }),
  url: (value) => ({ kind: 'url', url: value }),
  'stream-cut': (_, options) => ({
    kind: 'stream-cut',
    afterEvents: optionalNumber(options, 'after'),
    clean: options.has('clean'),
  }),
  'stream-error': (value, options) => ({
    kind: 'stream-error',
    afterEvents: optionalNumber(options, 'after'),
    code: value,
  }),
}

const ALIASES: Record<string, string> = {
  'insufficient-quota': 'quota',
  'truncated-body': 'truncated',
  'wrong-content-type': 'content-type',
  'endless-body': 'endless',
  'oversized-image': 'oversized',
}

/** The rule the prompt's markers describe (all delays add up; the first fault wins), if any. */
export function promptMarkerRule(prompt: string | undefined): FaultRule | undefined {
  if (!prompt?.includes('[fake:')) return undefined
  let rule: FaultRule | undefined
  for (const match of prompt.matchAll(MARKER)) {
    const [head = '', ...rest] = (match[1] ?? '').trim().split(/\s+/)
    const [rawKind = '', value] = splitPair(head)
    const kind = ALIASES[rawKind] ?? rawKind
    const options: Options = new Map(rest.map(splitPair))
    const times = optionalNumber(options, 'times')
    rule ??= {}
    if (times !== undefined) rule.times = times
    if (kind === 'delay') {
      rule.delayMs = addDelay(rule.delayMs, delay(value))
      continue
    }
    const build = FAULTS[kind]
    if (!build)
      throw invalidRequest(
        `Unknown fake marker '${match[0]}'. Kinds: delay, ${Object.keys(FAULTS).join(', ')}.`,
        'prompt',
        'invalid_fake_marker',
      )
    rule.fault ??= build(value, options)
  }
  return rule
}

function splitPair(text: string): [string, string | undefined] {
  const equals = text.indexOf('=')
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)]
}

function integer(value: string | undefined, name: string): number {
  const number = Number(value)
  if (value === undefined || !Number.isFinite(number))
    throw invalidRequest(
      `The fake marker '${name}' needs a number, e.g. [fake:${name}=503].`,
      'prompt',
      'invalid_fake_marker',
    )
  return number
}

function optionalNumber(options: Options, name: string): number | undefined {
  return options.has(name) ? integer(options.get(name), name) : undefined
}

function delay(value: string | undefined): Delay {
  const range = /^(\d+)-(\d+)$/.exec(value ?? '')
  return range ? [Number(range[1]), Number(range[2])] : integer(value, 'delay')
}

function addDelay(total: Delay | undefined, more: Delay): Delay {
  if (total === undefined) return more
  const [a0, a1] = typeof total === 'number' ? [total, total] : total
  const [b0, b1] = typeof more === 'number' ? [more, more] : more
  return [a0 + b0, a1 + b1]
}
