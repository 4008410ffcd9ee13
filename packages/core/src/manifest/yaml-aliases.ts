import { type Alias, type Document, isAlias, isCollection, isDocument, isPair, type Node, visit } from 'yaml'

/** Where one alias stands and what it names. */
interface AliasSite {
  alias: Alias
  /** The last node before it with its anchor; undefined when no node has that anchor before it. */
  target: Node | undefined
  /** Whether it stands inside the node it names (`a: &a [*a]`): data that contains itself. */
  cyclic: boolean
  parent: unknown
  key: number | 'key' | 'value' | null
}

/**
 * Every alias of a document with what it names, found in one walk. The YAML library's own lookup
 * (`Alias.resolve` without a context) walks the whole document for each alias, which made a manifest
 * of 16,000 aliases take over a minute before anything else was checked.
 */
export class AliasIndex {
  private readonly targets = new Map<Alias, Node | undefined>()
  readonly sites: readonly AliasSite[]

  constructor(document: Document) {
    const anchors = new Map<string, Node>()
    const sites: AliasSite[] = []
    visit(document, {
      Node: (key, node, path) => {
        if (!isAlias(node)) {
          if (node.anchor) anchors.set(node.anchor, node)
          return
        }
        const target = anchors.get(node.source)
        const cyclic = target !== undefined && path.includes(target)
        this.targets.set(node, target)
        sites.push({ alias: node, target, cyclic, parent: path[path.length - 1], key })
      },
    })
    this.sites = sites
  }

  /** What an alias names (as `Alias.resolve` finds it); undefined when nothing does. */
  targetOf(alias: Alias): Node | undefined {
    return this.targets.get(alias)
  }

  /**
   * The document as plain data, each alias read as a copy of what it names. Call it only when every
   * alias names a node it is not inside, and `expandsPast` is false. The aliases are swapped for their
   * targets only while the library converts the tree, so the document keeps them for positions.
   */
  toData(document: Document): unknown {
    for (const site of this.sites) place(document, site, site.target as Node)
    try {
      return document.toJS()
    } finally {
      for (const site of this.sites) place(document, site, site.alias)
    }
  }

  /** Whether copying the aliases in would give the data more than `limit` values (an alias bomb). */
  expandsPast(document: Document, limit: number): boolean {
    return this.expandedSize(document.contents as Node | null, limit) > limit
  }

  /** Values the data will hold once aliases are copied in; each node is sized once, so this is linear. */
  private expandedSize(root: Node | null, limit: number): number {
    const sizes = new Map<Node, number>()
    const size = (node: unknown): number => {
      if (node === null || typeof node !== 'object') return 1
      if (isPair(node)) return size(node.key) + size(node.value)
      const known = sizes.get(node as Node)
      if (known !== undefined) return known
      let total = 1
      if (isAlias(node)) total = size(this.targets.get(node))
      else if (isCollection(node)) {
        for (const item of node.items) {
          total += size(item)
          if (total > limit) break
        }
      }
      sizes.set(node as Node, total)
      return total
    }
    return size(root)
  }
}

function place(document: Document, site: AliasSite, node: Node): void {
  const { parent, key } = site
  if (isDocument(parent)) document.contents = node
  else if (isPair(parent) && (key === 'key' || key === 'value')) parent[key] = node
  else if (isCollection(parent) && typeof key === 'number') parent.items[key] = node
}
