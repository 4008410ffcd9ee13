import type { PlannedEntry } from '@imagegen/core/internal'
import type { ReviewSide, ReviewState } from './load-state.js'

export type ChangeKind = 'added' | 'changed' | 'removed' | 'unchanged'

export interface FieldChange {
  field: string
  before?: string
  after?: string
}

/** Where the new image comes from: made for this change, already in a store before it, or not made yet. */
export type ImageOrigin = 'generated' | 'from store' | 'missing'

export interface EntryChange {
  id: string
  manifest: string
  name: string
  kind: ChangeKind
  base?: ReviewSide
  head?: ReviewSide
  /** Every field whose value differs, prompt included. */
  fields: FieldChange[]
  origin?: ImageOrigin
}

const KIND_ORDER: readonly ChangeKind[] = ['added', 'changed', 'removed', 'unchanged']

/** Entries matched by manifest and name; changed means a different recipe key, so a different image. */
export async function compareStates(base: ReviewState, head: ReviewState): Promise<EntryChange[]> {
  const ids = new Set([...base.entries.keys(), ...head.entries.keys()])
  const changes: EntryChange[] = []
  for (const id of ids) {
    const before = base.entries.get(id)
    const after = head.entries.get(id)
    const [manifest = '', name = ''] = splitId(id)
    const kind: ChangeKind = !before
      ? 'added'
      : !after
        ? 'removed'
        : before.planned.key === after.planned.key
          ? 'unchanged'
          : 'changed'
    const change: EntryChange = { id, manifest, name, kind, fields: fieldChanges(before, after) }
    if (before) change.base = before
    if (after) {
      change.head = after
      change.origin = await originOf(after, base)
    }
    changes.push(change)
  }
  return changes.sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id),
  )
}

function splitId(id: string): [string, string] {
  const at = id.lastIndexOf('#')
  return [id.slice(0, at), id.slice(at + 1)]
}

async function originOf(side: ReviewSide, base: ReviewState): Promise<ImageOrigin> {
  if (side.state !== 'stored') return 'missing'
  const before = await base.store.inspectEntry(side.planned.key)
  return before.status === 'stored' ? 'from store' : 'generated'
}

function fieldChanges(before?: ReviewSide, after?: ReviewSide): FieldChange[] {
  const old = before ? describe(before.planned) : {}
  const now = after ? describe(after.planned) : {}
  const fields = new Set([...Object.keys(old), ...Object.keys(now)])
  const changes: FieldChange[] = []
  for (const field of fields) {
    if (old[field] === now[field]) continue
    const change: FieldChange = { field }
    if (old[field] !== undefined) change.before = old[field]
    if (now[field] !== undefined) change.after = now[field]
    changes.push(change)
  }
  return changes
}

/** What a reviewer compares: the request as sent, the inputs by content, and how the image is served. */
export function describe({ entry, recipe }: PlannedEntry): Record<string, string> {
  const fields: Record<string, string> = { endpoint: recipe.endpoint }
  for (const [field, value] of Object.entries(recipe.request)) {
    if (value !== undefined) fields[field] = String(value)
  }
  const { images, mask, variation } = recipe.inputs
  images?.forEach((hash, index) => {
    fields[`images[${index}]`] = `${entry.images[index]?.path ?? ''} (sha256 ${hash.slice(0, 12)})`
  })
  if (mask) fields.mask = `${entry.mask?.path ?? ''} (sha256 ${mask.slice(0, 12)})`
  if (variation) fields.variation = `${entry.variation?.path ?? ''} (sha256 ${variation.slice(0, 12)})`
  fields.rev = String(recipe.rev)
  if (entry.alt !== undefined) fields.alt = entry.alt
  fields.placeholder = entry.placeholder
  if (Object.keys(entry.transform).length > 0) fields.transform = JSON.stringify(entry.transform)
  return fields
}
