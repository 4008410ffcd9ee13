import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { PlannedEntry } from '@imagegen/core/internal'
import { git, gitLocation } from './git.js'

/** The commit that last changed an entry's recipe: its lines, the manifest's `defaults`, its input files. */
export interface LastChange {
  commit: string
  /** Unix seconds; undefined for changes not committed yet. */
  time?: number
  author?: string
  summary: string
}

const UNCOMMITTED = '0000000000000000000000000000000000000000'

/** The last change of each entry (by key), from one `git blame` per manifest. Empty outside git. */
export async function lastChanges(
  root: string,
  planned: readonly PlannedEntry[],
): Promise<Map<string, LastChange>> {
  const result = new Map<string, LastChange>()
  const location = await gitLocation(root)
  if (!location) return result
  const byManifest = new Map<string, PlannedEntry[]>()
  for (const item of planned) {
    const file = item.entry.manifestFile
    byManifest.set(file, [...(byManifest.get(file) ?? []), item])
  }
  const inputChanges = new Map<string, Promise<LastChange | undefined>>()
  for (const [file, items] of byManifest) {
    const lines = await blameLines(location.top, file)
    if (!lines) continue
    const text = await readFile(file, 'utf8')
    const defaults = defaultsRange(text)
    const starts = items.map((item) => item.entry.position.line).sort((a, b) => a - b)
    for (const item of items) {
      const start = item.entry.position.line
      const end = (starts.find((line) => line > start) ?? lines.length + 1) - 1
      const candidates = [...lines.slice(start - 1, end)]
      if (defaults) candidates.push(...lines.slice(defaults[0] - 1, defaults[1]))
      for (const input of inputFiles(item)) {
        if (!inputChanges.has(input)) inputChanges.set(input, lastCommitOf(location.top, input))
        const change = await inputChanges.get(input)
        if (change) candidates.push(change)
      }
      const newest = newestOf(candidates)
      if (newest) result.set(item.key, newest)
    }
  }
  return result
}

function inputFiles({ entry }: PlannedEntry): string[] {
  return [...entry.images, entry.mask, entry.variation]
    .filter((input) => input !== undefined)
    .map((input) => input.absolutePath)
}

/** Uncommitted lines are newer than any commit. */
function newestOf(changes: LastChange[]): LastChange | undefined {
  return changes.reduce<LastChange | undefined>((best, change) => {
    if (!best) return change
    if (best.time === undefined) return best
    if (change.time === undefined || change.time > best.time) return change
    return best
  }, undefined)
}

/** The `defaults:` block's first and last line, when the manifest has one. */
function defaultsRange(text: string): [number, number] | undefined {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => /^defaults\s*:/.test(line))
  if (start < 0) return undefined
  let end = start + 1
  while (end < lines.length && !/^[^\s#]/.test(lines[end] ?? '')) end++
  return [start + 1, end]
}

async function blameLines(top: string, file: string): Promise<LastChange[] | undefined> {
  let porcelain: string
  try {
    porcelain = await git(top, ['blame', '--porcelain', '--', relative(top, file)])
  } catch {
    return undefined // not tracked yet: every line is new, and there is no commit to name
  }
  const commits = new Map<string, LastChange>()
  const lines: LastChange[] = []
  let current: LastChange | undefined
  for (const line of porcelain.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ \d+/.exec(line)
    if (header?.[1]) {
      const hash = header[1]
      current = commits.get(hash) ?? { commit: hash === UNCOMMITTED ? 'uncommitted' : hash, summary: '' }
      commits.set(hash, current)
    } else if (current && line.startsWith('author ')) current.author = line.slice(7)
    else if (current && line.startsWith('author-time ') && current.commit !== 'uncommitted')
      current.time = Number(line.slice(12))
    else if (current && line.startsWith('summary ')) current.summary = line.slice(8)
    else if (current && line.startsWith('\t')) lines.push(current)
  }
  return lines
}

async function lastCommitOf(top: string, file: string): Promise<LastChange | undefined> {
  const path = relative(top, file)
  const dirty = (await git(top, ['status', '--porcelain', '--', path]).catch(() => '')).trim()
  if (dirty) return { commit: 'uncommitted', summary: '' }
  const log = await git(top, ['log', '-1', '--format=%H%x00%at%x00%an%x00%s', '--', path]).catch(() => '')
  const [commit, time, author, summary] = log.trim().split('\0')
  if (!commit) return undefined
  return { commit, time: Number(time), author: author ?? '', summary: summary ?? '' }
}
