import type { Exchange } from '../exchange.js'
import type { ImageJob } from '../job.js'
import { delayFor, sleep } from './delay.js'
import { promptMarkerRule } from './prompt-marker.js'
import type { Fault, FaultRule } from './types.js'

/** Scripted rules first, then `[fake:…]` markers in the prompt (each marker's `times` counted per prompt). */
export function selectRule(exchange: Exchange, job: ImageJob): FaultRule | undefined {
  const { state } = exchange
  const scripted = state.script.take({
    seq: exchange.record.seq,
    endpoint: job.endpoint,
    model: job.model,
    prompt: job.prompt,
    request: exchange.record,
  })
  if (scripted || !state.options.promptMarkers) return scripted
  const marked = promptMarkerRule(job.prompt)
  if (!marked || job.prompt === undefined) return undefined
  const uses = state.markerUses.get(job.prompt) ?? 0
  if (uses >= (marked.times ?? Number.POSITIVE_INFINITY)) return undefined
  state.markerUses.set(job.prompt, uses + 1)
  return marked
}

/**
 * The request's rule, played up to the answer: a hang leaves it open, the delay passes (or the client
 * leaves). Resolves with the fault to answer with, or undefined when nothing more is to be sent.
 */
export async function playRule(
  exchange: Exchange,
  job: ImageJob,
): Promise<{ fault: Fault | undefined } | undefined> {
  const { record, state } = exchange
  const rule = selectRule(exchange, job)
  if (rule?.fault?.kind === 'hang') {
    record.fault = 'hang'
    return undefined
  }
  record.delayMs = delayFor(state.options.latencyMs, record.seq) + delayFor(rule?.delayMs, record.seq)
  if (!(await sleep(record.delayMs, exchange.signal))) return undefined
  const fault = rule?.fault
  if (fault) record.fault = fault.kind
  return { fault }
}
