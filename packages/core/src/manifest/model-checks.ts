import { formatPosition, ImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import { checkSize } from '../models/sizes.js'
import type { ModelRules } from '../models/types.js'
import type { EntryDraft, Sourced } from './entry-draft.js'
import type { Locator, PathSegment } from './locator.js'
import { checkFieldValue } from './model-value-checks.js'
import { describeModelsServing, describeModelsTaking, describeProviderModels } from './model-wording.js'

const ENDPOINT_PHRASES = {
  generations: 'in a generation',
  edits: 'in an edit',
  variations: 'in a variation',
} as const
const ENDPOINT_VERBS = {
  generations: 'generate images from a prompt',
  edits: 'edit images',
  variations: 'make variations',
} as const

type Origin = Pick<Sourced<unknown>, 'path'>

/**
 * The per-model rules of the spec, for a known model: the endpoint, the fields it takes there,
 * their values, prompt length and image count. Defaults never cause these problems: only those
 * that fit reach the entry (see `draftEntry`). An unknown model only gets the schema's basic checks.
 */
export function checkModelRules(draft: EntryDraft, locate: Locator, logger: Logger): ImagegenError[] {
  const { rules, model } = draft
  if (!rules || !model) return []
  const issue = (origin: Origin, problem: string, hint: string, at: 'key' | 'value' = 'value') =>
    new ImagegenError('MANIFEST_MODEL_RULE', problem, {
      position: at === 'key' ? locate.key(origin.path) : locate.value(origin.path),
      entry: draft.name,
      hint,
    })

  const { writtenProvider } = draft
  if (writtenProvider && writtenProvider.value !== rules.provider) {
    const at: Origin = model.fromDefaults && !writtenProvider.fromDefaults ? writtenProvider : model
    return [
      issue(
        at,
        `${rules.id} is a model of ${rules.provider}, and the provider is ${writtenProvider.value}`,
        `use a ${writtenProvider.value} model (${describeProviderModels(writtenProvider.value)}), or remove \`provider\``,
      ),
    ]
  }

  const accepted = rules.endpoints[draft.endpoint]
  if (!accepted) {
    // At the model when the entry names it; otherwise at what chose the mode.
    const at: Origin = model.fromDefaults ? { path: modePath(draft) } : model
    const problem = `${rules.id} does not ${ENDPOINT_VERBS[draft.endpoint]}`
    return [
      issue(
        at,
        problem,
        `use ${describeModelsServing(draft.endpoint, rules.provider)}`,
        model.fromDefaults ? 'key' : 'value',
      ),
    ]
  }

  const issues: ImagegenError[] = []
  for (const [field, sourced] of draft.fields) {
    if (!accepted.includes(field)) {
      const elsewhere = Object.values(rules.endpoints).some((fields) => fields?.includes(field))
      const problem = `\`${field}\` is not a field ${rules.id} takes${elsewhere ? ` ${ENDPOINT_PHRASES[draft.endpoint]}` : ''}`
      issues.push(issue(sourced, problem, `remove it; ${describeModelsTaking(field, draft.endpoint)}`, 'key'))
      continue
    }
    const problem = checkFieldValue(field, sourced.value, rules, draft.fields)
    if (problem) issues.push(issue(sourced, problem.problem, problem.hint))
  }
  warnExperimentalSize(draft, rules, locate, logger)

  if (draft.prompt && draft.prompt.value.length > rules.promptMaxLength) {
    const length = draft.prompt.value.length.toLocaleString('en')
    const limit = rules.promptMaxLength.toLocaleString('en')
    issues.push(
      issue(
        draft.prompt,
        `\`prompt\` is ${length} characters, more than ${rules.id} reads`,
        `keep it to ${limit} characters`,
      ),
    )
  }
  issues.push(...inputCountIssues(draft, rules, issue))
  if (draft.entry.mask !== undefined && draft.endpoint === 'edits' && !rules.mask) {
    issues.push(
      issue(
        { path: ['images', draft.name, 'mask'] },
        `${rules.id} takes no mask`,
        'remove `mask` and say in the prompt what to change, or use a GPT image model',
        'key',
      ),
    )
  }
  return issues
}

/** `images` and `reference_images` together within the model's input count. */
function inputCountIssues(
  draft: EntryDraft,
  rules: ModelRules,
  issue: (origin: Origin, problem: string, hint: string) => ImagegenError,
): ImagegenError[] {
  const images = draft.endpoint === 'edits' ? (draft.entry.images ?? []) : []
  const references = draft.references?.value ?? []
  const maxImages = rules.editImages?.maxCount ?? Number.POSITIVE_INFINITY
  if (images.length + references.length <= maxImages) return []
  const most = maxImages === 1 ? 'one image' : `up to ${maxImages} images`
  if (images.length > maxImages || !draft.references) {
    return [
      issue(
        { path: ['images', draft.name, 'images'] },
        `${rules.id} edits ${most}, and \`images\` lists ${images.length}`,
        'use fewer images, or a GPT image model (up to 16)',
      ),
    ]
  }
  return [
    issue(
      draft.references,
      `${rules.id} reads ${most}, and \`images\` with \`reference_images\` make ${images.length + references.length}`,
      `use at most ${maxImages - images.length} reference images for this entry`,
    ),
  ]
}

function modePath(draft: EntryDraft): PathSegment[] {
  if (draft.endpoint === 'edits') return ['images', draft.name, 'images']
  if (draft.endpoint === 'variations') return ['images', draft.name, 'variation']
  return ['images', draft.name]
}

/** gpt-image-2 makes sizes above 2560x1440, but the API calls them experimental: worth a warning. */
function warnExperimentalSize(draft: EntryDraft, rules: ModelRules, locate: Locator, logger: Logger): void {
  const size = draft.fields.get('size')
  if (!size || !rules.sizes) return
  const verdict = checkSize(rules.sizes, String(size.value))
  if (!verdict.ok || !verdict.experimental) return
  const where = formatPosition(locate.value(size.path))
  logger.warn(`${where}  ${draft.name}  size ${size.value} is experimental for ${rules.id}`)
}
