import type { Exchange } from '../exchange.js'
import type { ImageJob } from '../job.js'
import { promptMarkerRule } from './prompt-marker.js'
import type { FaultRule } from './types.js'

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
