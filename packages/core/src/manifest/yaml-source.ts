import { type Document, isPair, LineCounter, type Node, parseDocument, visit } from 'yaml'
import { formatPosition, ImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import { createLocator, keyName, type Locator } from './locator.js'
import { syntaxIssues } from './yaml-syntax.js'

export interface ParsedYaml {
  locate: Locator
  /** The document as plain data; undefined when the YAML is too broken to read. */
  data: unknown
  /** Syntax errors and duplicate keys, positioned. */
  issues: ImagegenError[]
}

/**
 * Parses a manifest's YAML keeping every node's position. A syntax error leaves no data to check;
 * a duplicate key does not stop anything: the rest of the manifest is still checked.
 */
export function parseYaml(source: string, file: string, logger: Logger): ParsedYaml {
  const lineCounter = new LineCounter()
  const document = parseDocument(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  })
  const locate = createLocator(document, lineCounter, file)
  for (const warning of document.warnings) {
    logger.warn(`${formatPosition(locate.offset(warning.pos[0]))}  ${firstLine(warning.message)}`)
  }
  const duplicates = document.errors.filter((error) => error.code === 'DUPLICATE_KEY')
  const syntax = document.errors.filter((error) => error.code !== 'DUPLICATE_KEY')
  const issues = [
    ...syntaxIssues(syntax, source, file),
    ...duplicates.map((error) => duplicateKeyIssue(error.pos[0], document, locate)),
    ...unresolvedAliases(document, locate),
  ]
  if (issues.some((issue) => issue.code === 'MANIFEST_YAML')) return { locate, data: undefined, issues }
  try {
    return { locate, data: document.toJS({ maxAliasCount: 1000 }), issues }
  } catch (error) {
    // toJS refuses alias bombs and the like; what it throws must not escape as a raw error.
    const reason = firstLine(error instanceof Error ? error.message : String(error))
    issues.push(
      new ImagegenError('MANIFEST_YAML', `the YAML cannot be read: ${reason}`, {
        position: locate.offset(0),
      }),
    )
    return { locate, data: undefined, issues }
  }
}

/** `hero:` twice under `images:` is two entries with one name; a key twice in an entry is one field set twice. */
function duplicateKeyIssue(at: number, document: Document, locate: Locator): ImagegenError {
  const duplicate = findDuplicateKey(document, at)
  const position = locate.offset(at)
  if (!duplicate)
    return new ImagegenError('MANIFEST_DUPLICATE', 'a key is set twice in one mapping', { position })
  const { name, first, owners } = duplicate
  const firstAt = first === undefined ? '' : `; the first is at line ${locate.offset(first).line}`
  if (owners.length === 1 && owners[0] === 'images') {
    return new ImagegenError('MANIFEST_DUPLICATE', `entry \`${name}\` is defined twice`, {
      position,
      entry: name,
      hint: `give each entry its own name${firstAt}`,
    })
  }
  const entry = owners[0] === 'images' ? owners[1] : undefined
  const where = owners.length === 0 ? 'at the top level' : `in \`${owners.join('.')}\``
  return new ImagegenError('MANIFEST_DUPLICATE', `\`${name}\` is set twice ${where}`, {
    position,
    ...(entry === undefined ? {} : { entry }),
    hint: `keep one${firstAt}`,
  })
}

interface DuplicateKey {
  name: string
  /** Offset of the first occurrence. */
  first: number | undefined
  /** The keys of the mappings around it, outermost first. */
  owners: string[]
}

function findDuplicateKey(document: Document, at: number): DuplicateKey | undefined {
  let found: DuplicateKey | undefined
  visit(document, {
    Map(_, map, path) {
      const index = map.items.findIndex((pair) => (pair.key as Node | null)?.range?.[0] === at)
      if (index < 0) return undefined
      const name = keyName(map.items[index]?.key)
      const earlier = map.items.slice(0, index).find((pair) => keyName(pair.key) === name)
      const owners = path.filter(isPair).map((pair) => keyName(pair.key))
      found = { name, first: (earlier?.key as Node | null)?.range?.[0], owners }
      return visit.BREAK
    },
  })
  return found
}

function unresolvedAliases(document: Document, locate: Locator): ImagegenError[] {
  const issues: ImagegenError[] = []
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return
      issues.push(
        new ImagegenError('MANIFEST_YAML', `YAML alias \`*${alias.source}\` has no anchor before it`, {
          position: locate.offset(alias.range?.[0] ?? 0),
          hint: `define \`&${alias.source}\` before using it`,
        }),
      )
    },
  })
  return issues
}

/** The YAML library's message without the position and source excerpt it appends. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim()
}
