import { estimateCost } from '@imagegen/core'
import type { EntryChange } from './compare.js'

/** What an entry's new image cost (or will cost): nothing when it was already in a store. */
export function newCost(change: EntryChange): number | undefined {
  if (!change.head || change.origin === 'from store' || change.kind === 'unchanged') return 0
  return estimateCost(change.head.planned.recipe)
}

export function totalCost(changes: readonly EntryChange[]): { usd: number; unknown: number } {
  let usd = 0
  let unknown = 0
  for (const change of changes) {
    const cost = newCost(change)
    if (cost === undefined) unknown++
    else usd += cost
  }
  return { usd, unknown }
}

export function formatUsd(usd: number | undefined): string {
  return usd === undefined ? 'unknown' : `$${usd.toFixed(3)}`
}

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
