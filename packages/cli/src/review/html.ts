import { diffWords } from 'diff'
import type { LastChange } from './blame.js'
import type { EntryChange } from './compare.js'
import { formatUsage, formatUsd, totalCost } from './cost.js'
import { GALLERY_SCRIPT, GALLERY_STYLE } from './html-assets.js'
import type { GalleryImage } from './images.js'

export interface GalleryEntry {
  change: EntryChange
  before: GalleryImage[]
  after: GalleryImage[]
  lastChange?: LastChange
  /** USD for the new image (see `newCost`); undefined when unknown. */
  cost: number | undefined
}

export interface GalleryPage {
  title: string
  baseLabel: string
  headLabel: string
  /** Every entry compared, unchanged ones included: the summary counts them all. */
  all: readonly EntryChange[]
  /** The entries shown. */
  entries: GalleryEntry[]
}

/** The whole gallery as one HTML file; readable without JavaScript, which only adds j/k navigation. */
export function renderGallery(page: GalleryPage): string {
  const { usd, unknown } = totalCost(page.entries.map((item) => item.cost))
  const counts = countKinds(page.all)
  const toc = page.entries
    .map(
      (item, index) =>
        `<li><a href="#entry-${index}">${badge(item.change.kind)} ${esc(item.change.id)}</a></li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(page.title)}</title><style>${GALLERY_STYLE}</style></head>
<body><header><h1>${esc(page.title)}</h1>
<p class="states">${esc(page.baseLabel)} → ${esc(page.headLabel)}</p>
<p class="summary" id="summary">${counts.added} added, ${counts.changed} changed, ${counts.removed} removed, ${counts.unchanged} unchanged · new images cost <strong>${formatUsd(usd)}</strong>${unknown ? ` + ${unknown} of unknown price` : ''}</p>
<nav><ol>${toc}</ol></nav><p class="keys">Keys: j / k or ↓ / ↑ move between entries.</p></header>
<main>${page.entries.map(renderEntry).join('\n')}</main>
<script>${GALLERY_SCRIPT}</script></body></html>
`
}

function renderEntry(item: GalleryEntry, index: number, all: readonly GalleryEntry[]): string {
  const { change } = item
  const request = (change.head ?? change.base)?.planned.recipe.request
  const facts = [
    ['model', request?.model],
    ['size', request?.size ?? 'auto'],
    ['quality', request?.quality ?? '-'],
    ['image', change.head ? change.origin : 'removed'],
    ['usage', formatUsage(change)],
    ['cost', change.head ? formatUsd(item.cost) : undefined],
    ['last change', item.lastChange ? describeCommit(item.lastChange) : undefined],
  ].filter((fact): fact is [string, string] => fact[1] !== undefined)
  const next =
    index + 1 < all.length ? `<a href="#entry-${index + 1}">next →</a>` : '<a href="#summary">top ↑</a>'
  return `<section class="entry kind-${change.kind}" id="entry-${index}" tabindex="-1">
<h2>${badge(change.kind)} ${esc(change.id)}</h2>
<div class="pair">${figure('before', item.before, change.base !== undefined)}${figure('after', item.after, change.head !== undefined)}</div>
<dl class="facts">${facts.map(([name, value]) => `<dt>${esc(name)}</dt><dd>${esc(value)}</dd>`).join('')}</dl>
${promptDiff(change)}${fieldTable(change)}<p class="next">${next}</p></section>`
}

function figure(label: string, images: readonly GalleryImage[], exists: boolean): string {
  const body = !exists
    ? '<p class="none">no entry</p>'
    : images.length === 0
      ? '<p class="none">no image in the store</p>'
      : images
          .map(
            (image) =>
              `<img src="${esc(image.file)}" width="${image.width}" height="${image.height}" alt="${esc(label)} image" loading="lazy"><span class="dims">${image.width}×${image.height} ${esc(image.format)}, ${Math.round(image.bytes / 1024)} KB</span>`,
          )
          .join('')
  return `<figure class="${label}"><figcaption>${label}</figcaption>${body}</figure>`
}

function promptDiff(change: EntryChange): string {
  const before = change.base?.planned.recipe.request.prompt ?? ''
  const after = change.head?.planned.recipe.request.prompt ?? ''
  const parts = diffWords(before, after).map((part) =>
    part.added
      ? `<ins>${esc(part.value)}</ins>`
      : part.removed
        ? `<del>${esc(part.value)}</del>`
        : esc(part.value),
  )
  return `<div class="prompt"><h3>prompt</h3><p>${parts.join('')}</p></div>`
}

function fieldTable(change: EntryChange): string {
  const rows = change.fields.filter((field) => field.field !== 'prompt')
  if (change.kind !== 'changed' || rows.length === 0) return ''
  const cells = rows
    .map(
      (row) =>
        `<tr><th>${esc(row.field)}</th><td><del>${esc(row.before ?? '')}</del></td><td><ins>${esc(row.after ?? '')}</ins></td></tr>`,
    )
    .join('')
  return `<table class="fields"><thead><tr><th>field</th><th>before</th><th>after</th></tr></thead><tbody>${cells}</tbody></table>`
}

export function countKinds(changes: readonly EntryChange[]): Record<EntryChange['kind'], number> {
  const counts = { added: 0, changed: 0, removed: 0, unchanged: 0 }
  for (const change of changes) counts[change.kind]++
  return counts
}

export function describeCommit(change: LastChange): string {
  return change.commit === 'uncommitted'
    ? 'not committed yet'
    : `${change.commit.slice(0, 10)} ${change.summary}`
}

function badge(kind: EntryChange['kind']): string {
  return `<span class="badge ${kind}">${kind}</span>`
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
