import type { ImagegenError } from '../errors.js'
import { ANY_INPUT, MASK } from '../models/input-rules.js'
import type { InputRule } from '../models/types.js'
import type { EntryDraft } from './entry-draft.js'
import { type ProjectRoot, resolveInputFile } from './input-file.js'
import type { Locator, PathSegment } from './locator.js'
import type { InputFile } from './types.js'

export interface EntryInputs {
  images: InputFile[]
  mask?: InputFile
  variation?: InputFile
  references: InputFile[]
  issues: ImagegenError[]
}

/** Resolves `images`, `mask` and `variation` of an entry against the rules of its model. */
export async function resolveEntryInputs(
  draft: EntryDraft,
  root: ProjectRoot,
  manifestDir: string,
  locate: Locator,
): Promise<EntryInputs> {
  const { rules, name, entry } = draft
  const owner = rules?.id ?? 'the Images API'
  const resolveOne = (written: string, path: PathSegment[], rule: InputRule, ruleOwner: string) =>
    resolveInputFile(written, {
      root,
      manifestDir,
      rule,
      ruleOwner,
      position: locate.value(path),
      entry: name,
    })

  const references = draft.references
  const [images, mask, variation, referenceFiles] = await Promise.all([
    Promise.all(
      (entry.images ?? []).map((written, index) =>
        resolveOne(written, ['images', name, 'images', index], rules?.editImages ?? ANY_INPUT, owner),
      ),
    ),
    entry.mask === undefined
      ? undefined
      : resolveOne(entry.mask, ['images', name, 'mask'], rules?.mask ?? MASK, 'a mask'),
    entry.variation === undefined
      ? undefined
      : resolveOne(entry.variation, ['images', name, 'variation'], rules?.variationImage ?? ANY_INPUT, owner),
    Promise.all(
      (references?.value ?? []).map((written, index) =>
        resolveOne(written, [...(references?.path ?? []), index], rules?.editImages ?? ANY_INPUT, owner),
      ),
    ),
  ])
  const issues = [...images, mask, variation, ...referenceFiles].filter(
    (result): result is ImagegenError => result instanceof Error,
  )
  const isFile = (result: InputFile | ImagegenError): result is InputFile => !(result instanceof Error)
  return {
    images: images.filter(isFile),
    references: referenceFiles.filter(isFile),
    ...(mask && !(mask instanceof Error) ? { mask } : {}),
    ...(variation && !(variation instanceof Error) ? { variation } : {}),
    issues,
  }
}
