import { ImagegenError } from '../errors.js'
import type { Locator } from './locator.js'
import { showValue } from './wording.js'

/** Letters, digits, `-` and `_`, starting with a letter: every name then camelCases to an identifier. */
export const ENTRY_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/

/** Longer names are surely a mistake, and would swamp every message that names the entry. */
export const MAX_ENTRY_NAME_LENGTH = 100

/**
 * Words a named export cannot be: JavaScript's reserved words (strict mode and modules included),
 * and the few globals that strict mode forbids or that would silently shadow a language value.
 * `default` is here too: the manifest module's default export is every entry by name.
 */
const RESERVED = new Set(
  [
    'await break case catch class const continue debugger default delete do else enum export extends',
    'false finally for function if implements import in instanceof interface let new null package private',
    'protected public return static super switch this throw true try typeof var void while with yield',
    'arguments eval undefined NaN Infinity',
  ]
    .join(' ')
    .split(' '),
)

/** `gift-basket` and `gift_basket` become `giftBasket`: each `-`/`_` dropped and the next letter raised. */
export function toExportName(name: string): string {
  return name.replace(/[-_]+(.?)/g, (_, next: string) => next.toUpperCase())
}

/**
 * Checks every entry name: the allowed characters, a usable export name, and no two entries
 * sharing an export name (`hero-image` and `heroImage`). Returns the problems, in file order.
 */
export function checkEntryNames(names: readonly string[], locate: Locator): ImagegenError[] {
  const issues: ImagegenError[] = []
  const byExport = new Map<string, string>()
  for (const name of names) {
    const position = locate.key(['images', name])
    if (name.length > MAX_ENTRY_NAME_LENGTH) {
      issues.push(
        new ImagegenError('MANIFEST_VALUE', `an entry name is ${name.length} characters long`, {
          position,
          hint: `keep names to ${MAX_ENTRY_NAME_LENGTH} characters`,
        }),
      )
      continue
    }
    if (!ENTRY_NAME_PATTERN.test(name)) {
      issues.push(
        new ImagegenError(
          'MANIFEST_VALUE',
          name ? `\`${showValue(name)}\` is not a valid entry name` : 'an entry has no name',
          {
            position,
            ...(name ? { entry: name } : {}),
            hint: 'use letters, digits, - and _, starting with a letter (it becomes a named export)',
          },
        ),
      )
      continue
    }
    const exportName = toExportName(name)
    if (RESERVED.has(exportName)) {
      issues.push(
        new ImagegenError(
          'MANIFEST_VALUE',
          `entry name \`${name}\` would export \`${exportName}\`, a reserved word`,
          {
            position,
            entry: name,
            hint: `rename it, e.g. \`${name}-image\``,
          },
        ),
      )
      continue
    }
    const other = byExport.get(exportName)
    if (other !== undefined) {
      issues.push(
        new ImagegenError(
          'MANIFEST_DUPLICATE',
          `entries \`${other}\` and \`${name}\` both export \`${exportName}\``,
          {
            position,
            entry: name,
            hint: `rename one of them; \`${other}\` is at line ${locate.key(['images', other]).line}`,
          },
        ),
      )
      continue
    }
    byExport.set(exportName, name)
  }
  return issues
}
