import { formatPosition } from '../errors.js'
import type { Logger } from '../logger.js'
import { imageModels } from '../models/index.js'
import { didYouMean } from './did-you-mean.js'
import type { EntryDraft } from './entry-draft.js'
import type { Locator } from './locator.js'

/**
 * A model imagegen does not know is allowed (a compatible server's, or one newer than this table):
 * one warning per place it is named, with a did-you-mean in case it is a typo.
 */
export function warnUnknownModel(
  draft: EntryDraft,
  locate: Locator,
  logger: Logger,
  warned: Set<string>,
): void {
  if (!draft.model || draft.rules) return
  const position = locate.value(draft.model.path)
  const where = formatPosition(position)
  if (warned.has(where)) return
  warned.add(where)
  const guess = didYouMean(draft.model.value, Object.keys(imageModels))
  const entry = draft.model.fromDefaults ? '' : `  ${draft.name}`
  logger.warn(
    `${where}${entry}  model \`${draft.model.value}\` is not one imagegen knows: only basic checks were made` +
      (guess ? ` — did you mean ${guess}?` : ''),
  )
}
