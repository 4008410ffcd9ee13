import { readSmallText } from '../small-files.js'
import type { StoreContext } from './context.js'
import { parseRecord, type StoreRecord } from './record.js'

export type EntryStatus = 'stored' | 'missing' | 'corrupt'

export type EntryInspection =
  | { status: 'stored'; record: StoreRecord }
  | { status: 'missing' }
  | { status: 'corrupt'; problem: string }

/**
 * Reads a recipe and checks that every blob it names exists and hashes to its name. A corrupt entry is
 * reported, never repaired or removed: only generating it again or `prune` replaces it.
 */
export async function inspectEntry(context: StoreContext, key: string): Promise<EntryInspection> {
  const { layout, verifier } = context
  const file = layout.recipeFile(key)
  const text = readSmallText(file)
  if (text === undefined) return { status: 'missing' }
  const parsed = parseRecord(text, key)
  if (!parsed.record) return { status: 'corrupt', problem: `${file} ${parsed.problem}` }
  for (const output of parsed.record.outputs) {
    const blob = layout.blobFile(output.blob, output.format)
    const check = await verifier.check(blob, output.blob)
    if (check.status === 'missing')
      return { status: 'corrupt', problem: `${blob}, named by ${file}, is missing` }
    if (check.status === 'mismatch')
      return { status: 'corrupt', problem: `${blob} does not hash to its name` }
    if (check.size !== output.bytes) {
      return { status: 'corrupt', problem: `${blob} has ${check.size} bytes; ${file} says ${output.bytes}` }
    }
  }
  return { status: 'stored', record: parsed.record }
}

/** The entry if it can be served; a corrupt one is a miss with a warning, never an error. */
export async function readRecipe(context: StoreContext, key: string): Promise<StoreRecord | undefined> {
  const inspection = await inspectEntry(context, key)
  if (inspection.status === 'corrupt') context.warnOnce(corruptWarning(key, inspection.problem))
  return inspection.status === 'stored' ? inspection.record : undefined
}

export async function verifyEntry(context: StoreContext, key: string): Promise<EntryStatus> {
  const inspection = await inspectEntry(context, key)
  if (inspection.status === 'corrupt') context.warnOnce(corruptWarning(key, inspection.problem))
  return inspection.status
}

function corruptWarning(key: string, problem: string): string {
  return `imagegen: the stored entry ${key} is corrupt and is treated as missing: ${problem}`
}
