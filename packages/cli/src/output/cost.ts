import { estimateCostOf, findPrice, type PlannedEntry, type Recipe } from '@imagegen/core/internal'

/** The estimated cost of generating an entry, its input images (and mask) read for their sizes. */
export function estimateEntry({ entry, recipe }: PlannedEntry): Promise<number | undefined> {
  const inputs = [...entry.images, ...(entry.mask ? [entry.mask] : [])].map((file) => file.absolutePath)
  return estimateCostOf(recipe, inputs)
}

/** USD to a tenth of a cent; a price nobody knows is `unknown`, never $0. */
export function formatCost(usd: number | null | undefined): string {
  return usd === null || usd === undefined ? 'unknown' : `$${usd.toFixed(3)}`
}

/** A sum of estimates that names what it leaves out: `$0.060 + 2 of unknown price`. */
export function formatTotal(costs: readonly (number | undefined)[]): string {
  const known = costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0)
  const unknown = costs.filter((cost) => cost === undefined).length
  return unknown === 0 ? formatCost(known) : `${formatCost(known)} + ${unknown} of unknown price`
}

/** The models among `recipes` whose price was not read on their provider's own page, once each. */
export function unverifiedPrices(recipes: readonly Recipe[]): string[] {
  const models = recipes
    .filter((recipe) => findPrice(recipe.provider, recipe.request.model)?.source.checked === 'unverified')
    .map((recipe) => recipe.request.model)
  return [...new Set(models)].sort()
}
