import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml'
import type { SourcePosition } from '../errors.js'
import type { AliasIndex } from './yaml-aliases.js'

export type PathSegment = string | number

/** Finds where a path of the data (`['images', 'hero', 'size']`) stands in the YAML source. */
export interface Locator {
  /** The display path of the file positions name. */
  file: string
  /** Where the key of the last segment stands (an unknown key, a duplicate, an entry's name). */
  key(path: readonly PathSegment[]): SourcePosition
  /** Where the value stands (a wrong value); the key when the value is empty (`prompt:`). */
  value(path: readonly PathSegment[]): SourcePosition
  /** A character offset, as the YAML parser reports errors. */
  offset(offset: number): SourcePosition
}

interface Walk {
  /** The last node reached: the value at `path`, or the deepest parent when the source stops short. */
  node: Node | null
  /** The key (or list item) of the last segment reached. */
  key: Node | null
  complete: boolean
}

export function createLocator(
  document: Document,
  lineCounter: LineCounter,
  file: string,
  aliases: AliasIndex,
): Locator {
  const offset = (at: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(Math.max(0, at))
    return { file, line: Math.max(1, line), column: Math.max(1, col) }
  }
  const start = (node: Node | null): SourcePosition | undefined =>
    hasSource(node) && node.range ? offset(node.range[0]) : undefined
  const fallback = (): SourcePosition => start(document.contents as Node | null) ?? offset(0)

  return {
    file,
    offset,
    key(path) {
      const walked = walk(document, aliases, path)
      return (
        (walked.complete ? start(walked.key) : undefined) ??
        start(walked.node) ??
        start(walked.key) ??
        fallback()
      )
    },
    value(path) {
      const walked = walk(document, aliases, path)
      return start(walked.node) ?? start(walked.key) ?? fallback()
    },
  }
}

function walk(document: Document, aliases: AliasIndex, path: readonly PathSegment[]): Walk {
  let node = document.contents as Node | null
  let key: Node | null = null
  for (const segment of path) {
    const next = child(resolve(aliases, node), segment)
    if (!next) return { node, key, complete: false }
    key = next.key
    node = next.value
  }
  return { node, key, complete: true }
}

type MapNode = Extract<Node, { items: unknown[] }> & { items: { key: unknown; value: unknown }[] }

/**
 * Each mapping's pairs by key name, built once: every entry of a manifest is located through the
 * `images` mapping, and a linear search per lookup made a large manifest quadratic. The first pair of
 * a duplicated key wins, as it did with a search.
 */
const pairIndex = new WeakMap<object, Map<string, { key: unknown; value: unknown }>>()

function pairsByName(node: MapNode): Map<string, { key: unknown; value: unknown }> {
  let index = pairIndex.get(node)
  if (!index) {
    index = new Map()
    for (const item of node.items) {
      const name = keyName(item.key)
      if (!index.has(name)) index.set(name, item)
    }
    pairIndex.set(node, index)
  }
  return index
}

function child(
  node: Node | null,
  segment: PathSegment,
): { key: Node | null; value: Node | null } | undefined {
  if (isMap(node)) {
    const pair = pairsByName(node).get(String(segment))
    return pair && { key: pair.key as Node | null, value: pair.value as Node | null }
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | null | undefined
    return item === undefined ? undefined : { key: item, value: item }
  }
  return undefined
}

/** A mapping key as the data (`toJS`) names it: a `~` key becomes `""`, a collection key its YAML text. */
export function keyName(key: unknown): string {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value)
  return String(key)
}

/** Aliases can chain; bounded so that no document can make this loop forever. */
function resolve(aliases: AliasIndex, node: Node | null): Node | null {
  let current = node
  for (let hops = 0; hops < 100 && isAlias(current); hops++) current = aliases.targetOf(current) ?? null
  return current
}

/** An empty value (`prompt:`) has a zero-width range: it stands nowhere a reader could point to. */
function hasSource(node: Node | null | undefined): node is Node {
  return Boolean(node?.range && node.range[1] > node.range[0])
}
