import { formatPosition, ImagegenError } from '../errors.js'
import { KEY_VARIABLES_TEXT } from '../providers/registry.js'
import type { PlannedEntry } from './resolved-entry.js'

/** How entries missing from the store get there: for frozen mode's error and `imagegen check`. */
export const MISSING_IMAGES_FIX = `run \`imagegen generate\` with a provider's key set (${KEY_VARIABLES_TEXT}) and commit .imagegen/ (or restore it from your CI cache)`

/** Frozen mode's answer to a miss: every missing entry with its manifest position, and the fix. */
export function missingImagesError(missing: readonly PlannedEntry[]): ImagegenError {
  const [first] = missing
  if (missing.length === 1 && first) {
    return new ImagegenError('MISSING_IMAGES', 'is not in the store and frozen mode never generates', {
      position: first.entry.position,
      entry: first.entry.name,
      hint: MISSING_IMAGES_FIX,
    })
  }
  const lines = missing.map(
    ({ entry }) => `  ${formatPosition(entry.position)}  ${entry.name}  not in the store`,
  )
  return new ImagegenError(
    'MISSING_IMAGES',
    `${missing.length} entries are not in the store and frozen mode never generates:\n${lines.join('\n')}\n`,
    { hint: MISSING_IMAGES_FIX },
  )
}

/** Placeholder mode's one warning for a run with missing entries, with the fix that fits the setup. */
export function placeholderWarning(missing: number, hasKey: boolean): string {
  // With a key, placeholder mode was asked for: telling the user to set the key would be wrong.
  const fix = hasKey
    ? 'the mode is placeholder; set IMAGEGEN_MODE=generate to generate them'
    : `set ${KEY_VARIABLES_TEXT} to generate them`
  return `imagegen: ${missing} entr${missing === 1 ? 'y is' : 'ies are'} not in the store; using placeholders (${fix})`
}
