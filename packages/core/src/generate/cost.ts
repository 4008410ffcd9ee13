import { findModel, imageModels } from '../models/index.js'
import type { PriceTable } from '../models/types.js'
import type { Recipe } from '../recipe/types.js'

const REFERENCE_SIZE = '1024x1024'

/**
 * What a recipe is expected to cost, in USD, for budgets and reports: an upper estimate, never a quote.
 * `auto` quality is priced as the highest quality and `auto` size as the dearest listed size, so a budget
 * is not passed by surprise; a size the table does not list is scaled from 1024x1024 by its pixel count.
 * GPT image models without a published table are priced as gpt-image-1. Undefined when nothing is known.
 */
export function estimateCost(recipe: Recipe): number | undefined {
  const table = priceTable(recipe.request.model)
  if (!table) return undefined
  const column = recipe.request[table.columnField ?? 'size'] ?? 'auto'
  const perImage = pricePerImage(table, recipe.request.quality ?? 'auto', column)
  return perImage === undefined ? undefined : perImage * recipe.request.n
}

function priceTable(modelId: string): PriceTable | undefined {
  const model = findModel(modelId)
  if (model?.prices) return model.prices
  if (model?.family === 'gpt-image') return imageModels['gpt-image-1']?.prices
  return undefined
}

function pricePerImage(table: PriceTable, quality: string, size: string): number | undefined {
  const rows = table.usdPerImage
  const row = rows[quality] ?? (quality === 'auto' ? dearestRow(rows) : undefined)
  if (!row) return undefined
  if (row[size] !== undefined) return row[size]
  if (size === 'auto' || row.auto !== undefined) return row.auto ?? Math.max(...Object.values(row))
  const match = /^(\d+)x(\d+)$/.exec(size)
  const reference = row[REFERENCE_SIZE]
  if (!match || reference === undefined) return undefined
  return (reference * Number(match[1]) * Number(match[2])) / (1024 * 1024)
}

function dearestRow(rows: PriceTable['usdPerImage']) {
  const all = Object.values(rows)
  const dearest = (row: Readonly<Record<string, number>>) => Math.max(...Object.values(row))
  return all.reduce<(typeof all)[number] | undefined>(
    (best, row) => (best === undefined || dearest(row) > dearest(best) ? row : best),
    undefined,
  )
}
