import { ImagegenError } from '../errors.js'
import type { EntryDraft } from './entry-draft.js'
import type { Locator } from './locator.js'

/**
 * What the mode asks of an entry, whatever its model: a prompt for generations and edits, none for
 * variations; `mask` only beside `images`; `images` and `variation` never together.
 */
export function checkMode(draft: EntryDraft, locate: Locator): ImagegenError[] {
  const { name, written } = draft
  const at = (field: string) => ({ position: locate.key(['images', name, field]), entry: name })
  const issues: ImagegenError[] = []
  if (written.has('images') && written.has('variation')) {
    issues.push(
      new ImagegenError(
        'MANIFEST_VALUE',
        'an entry has `images` (an edit) or `variation` (a variation), not both',
        {
          ...at('variation'),
          hint: 'split it into two entries',
        },
      ),
    )
  }
  if (written.has('mask') && !written.has('images')) {
    issues.push(
      new ImagegenError(
        'MANIFEST_VALUE',
        '`mask` without `images`: a mask marks where an edit changes its first image',
        {
          ...at('mask'),
          hint: 'add `images: [./photo.png]`, or remove the mask',
        },
      ),
    )
  }
  if (draft.endpoint === 'variations' && written.has('prompt')) {
    issues.push(
      new ImagegenError('MANIFEST_VALUE', 'a variation takes no prompt', {
        ...at('prompt'),
        hint: 'remove `prompt`, or use `images:` instead of `variation:` for an edit that follows a prompt',
      }),
    )
  }
  if (draft.endpoint !== 'variations' && !written.has('prompt')) {
    const problem =
      draft.endpoint === 'edits'
        ? `entry \`${name}\` has images but no prompt`
        : `entry \`${name}\` has no prompt`
    issues.push(
      new ImagegenError('MANIFEST_TYPE', problem, {
        position: locate.key(['images', name]),
        entry: name,
        hint:
          draft.endpoint === 'edits'
            ? 'add `prompt:` saying what to do with the images'
            : 'add `prompt:` describing the image (or `images:` to edit, `variation:` for variations)',
      }),
    )
  }
  return issues
}
