import { spawn } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import type { Imagegen } from '@imagegen/core/internal'
import { EXIT, type ExitCode } from '../exit-codes.js'
import type { Terminal } from '../output/terminal.js'
import { lastChanges } from '../review/blame.js'
import { compareStates } from '../review/compare.js'
import { newCost } from '../review/cost.js'
import { checkoutRevision } from '../review/git.js'
import { type GalleryEntry, type GalleryPage, renderGallery } from '../review/html.js'
import { writePreviews } from '../review/images.js'
import { loadState, withRecords } from '../review/load-state.js'
import { renderMarkdown } from '../review/markdown.js'

export interface ReviewFlags {
  /** A git revision; the default when no `baseDir` is given is `HEAD`. */
  base?: string
  /** Another copy of the project (manifests and store), e.g. a downloaded artifact. */
  baseDir?: string
  out: string
  format: 'html' | 'markdown'
  all: boolean
  open: boolean
}

/** `imagegen review`: what changed between two states of the manifests and the store, as a gallery. */
export async function reviewCommand(
  imagegen: Imagegen,
  terminal: Terminal,
  flags: ReviewFlags,
): Promise<ExitCode> {
  const { root, storeDir, cacheDir, logger } = imagegen.options
  const baseLabel = flags.baseDir
    ? relative(process.cwd(), resolve(flags.baseDir)) || '.'
    : (flags.base ?? 'HEAD')
  const checkout = flags.baseDir ? undefined : await checkoutRevision(root, flags.base ?? 'HEAD')
  const baseRoot = checkout?.root ?? resolve(flags.baseDir ?? '.')
  try {
    const head = await loadState({ root, storeDir: relative(root, storeDir), cacheDir, logger })
    const base = await loadState({
      root: baseRoot,
      storeDir: relative(root, storeDir),
      cacheDir: join(cacheDir, 'review-base'),
      logger,
    })
    const [baseState, headState] = await Promise.all([
      withRecords(base, [head.store]),
      withRecords(head, [base.store]),
    ])
    const all = await compareStates(baseState, headState)
    const changes = all.filter((change) => flags.all || change.kind !== 'unchanged')
    const blame = await lastChanges(root, head.planned)
    const out = resolve(flags.out)
    if (flags.format === 'html') {
      await rm(out, { recursive: true, force: true })
      await mkdir(out, { recursive: true })
    }
    const entries: GalleryEntry[] = []
    for (const change of changes) {
      const html = flags.format === 'html'
      const item: GalleryEntry = {
        change,
        cost: await newCost(change),
        before: html ? await writePreviews(out, change.base) : [],
        after: html ? await writePreviews(out, change.head) : [],
      }
      const last = change.head && blame.get(change.head.planned.key)
      if (last) item.lastChange = last
      entries.push(item)
    }
    const page: GalleryPage = { title: 'imagegen review', baseLabel, headLabel: 'working tree', all, entries }
    if (flags.format === 'markdown') {
      terminal.out(renderMarkdown(page).trimEnd())
      return EXIT.ok
    }
    const index = join(out, 'index.html')
    await writeFile(index, renderGallery(page))
    terminal.out(
      `imagegen: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${relative(process.cwd(), index)}`,
    )
    if (flags.open) openInBrowser(index, terminal)
    return EXIT.ok
  } finally {
    await checkout?.dispose()
  }
}

function openInBrowser(file: string, terminal: Terminal): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  const child = spawn(opener, [file], { detached: true, stdio: 'ignore' })
  child.on('error', () => terminal.err(`imagegen: could not start ${opener}; open ${file} in a browser`))
  child.unref()
}
