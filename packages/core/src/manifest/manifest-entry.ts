import type { ImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { BrokenFields } from './broken-fields.js'
import { draftEntry, requestOf } from './entry-draft.js'
import { resolveEntryInputs } from './entry-inputs.js'
import { toExportName } from './entry-names.js'
import type { ProjectRoot } from './input-file.js'
import type { Locator } from './locator.js'
import { checkMode } from './mode-checks.js'
import { checkModelRules } from './model-checks.js'
import { type DefaultsFields, entrySchema } from './schema.js'
import type { ManifestEntry } from './types.js'
import { warnUnknownModel } from './unknown-model.js'

export interface EntryContext {
  manifestFile: string
  manifestDir: string
  root: ProjectRoot
  defaults: DefaultsFields
  broken: BrokenFields
  locate: Locator
  logger: Logger
  /** Unknown-model warnings already given, by position. */
  warned: Set<string>
}

/**
 * One entry from its raw data: the fields the schema accepted, merged with defaults, checked
 * against its mode and model, its input files resolved. Returns every problem found; the entry
 * is only meaningful when there are none.
 */
export async function buildEntry(
  name: string,
  raw: unknown,
  context: EntryContext,
): Promise<{ entry?: ManifestEntry; issues: ImagegenError[] }> {
  const { broken, locate } = context
  if (broken.has(['images', name]) || !isPlainObject(raw)) return { issues: [] }
  const written = new Set(Object.keys(raw))
  const accepted = Object.fromEntries(
    Object.entries(raw).filter(([key]) => !broken.has(['images', name, key])),
  )
  const parsed = entrySchema.safeParse(accepted)
  if (!parsed.success) return { issues: [] }

  const invalidModel =
    broken.has(['images', name, 'model']) || (!written.has('model') && broken.has(['defaults', 'model']))
  const draft = draftEntry(name, parsed.data, written, context.defaults, invalidModel)
  warnUnknownModel(draft, locate, context.logger, context.warned)
  const inputs = await resolveEntryInputs(draft, context.root, context.manifestDir, locate)
  const issues = [
    ...checkMode(draft, locate),
    ...checkModelRules(draft, locate, context.logger),
    ...inputs.issues,
  ]

  const fields = parsed.data
  const entry: ManifestEntry = {
    name,
    exportName: toExportName(name),
    manifestFile: context.manifestFile,
    position: locate.key(['images', name]),
    endpoint: draft.endpoint,
    request: requestOf(draft),
    images: inputs.images,
    ...(inputs.mask ? { mask: inputs.mask } : {}),
    ...(inputs.variation ? { variation: inputs.variation } : {}),
    provider: draft.provider,
    ...(draft.style ? { style: draft.style.value } : {}),
    references: inputs.references,
    rev: fields.rev ?? 0,
    ...(fields.alt === undefined ? {} : { alt: fields.alt }),
    placeholder: fields.placeholder ?? context.defaults.placeholder ?? 'none',
    transform: draft.transform,
    unknownModel: draft.model !== undefined && draft.rules === undefined,
  }
  return { entry, issues }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  )
}
