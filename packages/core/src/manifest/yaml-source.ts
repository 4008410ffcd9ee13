import { type Document, isPair, LineCounter, type Node, parseDocument, visit } from 'yaml'
import { formatPosition, ImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import { createLocator, keyName, type Locator } from './locator.js'
import { AliasIndex } from './yaml-aliases.js'

/** Manifests larger than this are refused before parsing: about 11,000 entries of a few lines each. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024
/** Values the data of a manifest may hold once its aliases are copied in; more is an alias bomb. */
const MAX_EXPANDED_VALUES = 1_000_000

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
  const bytes = Buffer.byteLength(source)
  if (bytes > MAX_MANIFEST_BYTES) return { ...tooLarge(bytes, file), data: undefined }
  const lineCounter = new LineCounter()
  const document = parseDocument(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  })
  const aliases = new AliasIndex(document)
  const locate = createLocator(document, lineCounter, file, aliases)
  for (const warning of document.warnings) {
    logger.warn(`${formatPosition(locate.offset(warning.pos[0]))}  ${firstLine(warning.message)}`)
  }
  const duplicates = document.errors.filter((error) => error.code === 'DUPLICATE_KEY')
  const syntax = document.errors.filter((error) => error.code !== 'DUPLICATE_KEY')
  const issues = [
    ...syntaxIssues(syntax, source, file),
    ...duplicates.map((error) => duplicateKeyIssue(error.pos[0], document, locate)),
    ...aliasIssues(aliases, locate),
  ]
  if (issues.some((issue) => issue.code === 'MANIFEST_YAML')) return { locate, data: undefined, issues }
  if (aliases.expandsPast(document, MAX_EXPANDED_VALUES)) {
    const problem = `its aliases expand the YAML to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values`
    const hint = 'write the repeated values out, or alias them fewer times'
    issues.push(new ImagegenError('MANIFEST_YAML', problem, { position: locate.offset(0), hint }))
    return { locate, data: undefined, issues }
  }
  try {
    return { locate, data: aliases.toData(document), issues }
  } catch (error) {
    // What the library throws for a document it cannot convert must not escape as a raw error.
    const reason = firstLine(error instanceof Error ? error.message : String(error))
    issues.push(
      new ImagegenError('MANIFEST_YAML', `the YAML cannot be read: ${reason}`, {
        position: locate.offset(0),
      }),
    )
    return { locate, data: undefined, issues }
  }
}

/** Refused unread: past the cap, a file is a mistake (a generated dump, a wrong path), not a manifest. */
function tooLarge(bytes: number, file: string): Omit<ParsedYaml, 'data'> {
  const position = { file, line: 1, column: 1 }
  const locate: Locator = { file, offset: () => position, key: () => position, value: () => position }
  const size = (count: number) => `${(count / (1024 * 1024)).toFixed(1)} MiB`
  const issue = new ImagegenError(
    'MANIFEST_TOO_LARGE',
    `the manifest is ${size(bytes)}, over the limit of ${size(MAX_MANIFEST_BYTES)} (${MAX_MANIFEST_BYTES.toLocaleString('en')} bytes)`,
    { position, hint: 'split it into several *.images.yaml files, each a manifest of its own' },
  )
  return { locate, issues: [issue] }
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

function aliasIssues(aliases: AliasIndex, locate: Locator): ImagegenError[] {
  return aliases.sites.flatMap(({ alias, target, cyclic }) => {
    const position = locate.offset(alias.range?.[0] ?? 0)
    if (!target) {
      return new ImagegenError('MANIFEST_YAML', `YAML alias \`*${alias.source}\` has no anchor before it`, {
        position,
        hint: `define \`&${alias.source}\` before using it`,
      })
    }
    if (!cyclic) return []
    return new ImagegenError(
      'MANIFEST_YAML',
      `YAML alias \`*${alias.source}\` is inside the value it names`,
      {
        position,
        hint: 'a value cannot contain itself; alias a value defined elsewhere',
      },
    )
  })
}

/** The YAML library's message without the position and source excerpt it appends. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim()
}
