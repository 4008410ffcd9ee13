import { costFromUsage, type Usage } from '@imagegen/core/internal'
import { estimateEntry, formatCost } from '../output/cost.js'
import type { EntryChange } from './compare.js'

/**
 * What an entry's new image cost: from the usage the API reported when it was generated for this
 * change, estimated while it is still missing, nothing when a store already had it. Undefined: unknown.
 */
export async function newCost(change: EntryChange): Promise<number | undefined> {
  if (!change.head || change.origin === 'from store' || change.kind === 'unchanged') return 0
  const { planned, record } = change.head
  const actual =
    record && costFromUsage(planned.recipe, record.usage as Usage | undefined, record.outputs.length)
  return actual ?? estimateEntry(planned)
}

export function totalCost(costs: readonly (number | undefined)[]): { usd: number; unknown: number } {
  return {
    usd: costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0),
    unknown: costs.filter((cost) => cost === undefined).length,
  }
}

export const formatUsd = formatCost

/** The tokens the API reported for the stored image, as `input/output`. */
export function formatUsage(change: EntryChange): string | undefined {
  const usage = change.head?.record?.usage
  if (!usage) return undefined
  const input = usage.input_tokens
  const output = usage.output_tokens
  return typeof input === 'number' && typeof output === 'number'
    ? `${input} in / ${output} out tokens`
    : typeof usage.total_tokens === 'number'
      ? `${usage.total_tokens} tokens`
      : undefined
}
