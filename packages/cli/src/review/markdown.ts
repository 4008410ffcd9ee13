import { formatUsd, totalCost } from './cost.js'
import type { GalleryPage } from './html.js'
import { countKinds, describeCommit } from './html.js'

/** The gallery's summary as Markdown, for a pull-request comment. */
export function renderMarkdown(page: GalleryPage): string {
  const counts = countKinds(page.all)
  const { usd, unknown } = totalCost(page.entries.map((item) => item.cost))
  const lines = [
    `### ${page.title}`,
    '',
    `${page.baseLabel} → ${page.headLabel}: **${counts.added} added, ${counts.changed} changed, ${counts.removed} removed**, ${counts.unchanged} unchanged; new images cost **${formatUsd(usd)}**${unknown ? ` + ${unknown} of unknown price` : ''}.`,
  ]
  const shown = page.entries.filter((item) => item.change.kind !== 'unchanged')
  if (shown.length > 0) {
    lines.push(
      '',
      '| change | entry | model | size | quality | image | cost | last change |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    )
    for (const { change, lastChange, cost } of shown) {
      const request = (change.head ?? change.base)?.planned.recipe.request
      const cells = [
        change.kind,
        `\`${change.id}\``,
        request?.model ?? '',
        request?.size ?? 'auto',
        request?.quality ?? '-',
        change.head ? (change.origin ?? '') : 'removed',
        change.head ? formatUsd(cost) : '',
        lastChange ? describeCommit(lastChange) : '',
      ]
      lines.push(`| ${cells.map(cell).join(' | ')} |`)
    }
  }
  return `${lines.join('\n')}\n`
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
