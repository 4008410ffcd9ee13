import { sha256 } from '../hash.js'

/**
 * The recipe key: sha256 of the recipe's canonical JSON. The store computes it again from every record
 * it reads, so it takes any JSON object, not only a `Recipe`.
 */
export function recipeKey(recipe: object): string {
  return sha256(canonicalJson(recipe))
}

/**
 * JSON with object keys sorted at every depth and `undefined` members dropped, so two recipes that
 * mean the same thing serialise to the same bytes whatever order their fields were written in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key]
    if (member !== undefined) sorted[key] = sortKeys(member)
  }
  return sorted
}
