import type { YAMLError } from 'yaml'
import { ImagegenError, type SourcePosition } from '../errors.js'

/**
 * YAML syntax errors as a person would explain them: one message per mistake, at the line to change,
 * saying what is probably wrong and the fix. The parser reports one dedented line as up to three
 * errors in its own terms (`nested mappings are not allowed in compact mappings`, …); these are read
 * against the source lines to find the tab, the missing `:`, the unquoted `: ` or the odd indentation.
 * Duplicate keys are not syntax: they are explained where the document's keys are known.
 */
export function syntaxIssues(errors: readonly YAMLError[], source: string, file: string): ImagegenError[] {
  const lines = source.split(/\r?\n/)
  const starts = lineStarts(lines)
  const explained = new Set<number>()
  const issues: ImagegenError[] = []
  for (const error of errors) {
    const line = lineOf(starts, error.pos[0])
    // The parser's later errors about a line already explained are echoes of the same mistake.
    if (explained.has(line)) continue
    const diagnosis = diagnose(error, line, lines)
    explained.add(line)
    if (explained.has(diagnosis.line) && diagnosis.line !== line) continue
    explained.add(diagnosis.line)
    const position: SourcePosition = { file, line: diagnosis.line + 1, column: diagnosis.column + 1 }
    issues.push(new ImagegenError('MANIFEST_YAML', diagnosis.problem, { position, hint: diagnosis.hint }))
  }
  return issues
}

interface Diagnosis {
  /** 0-based line and column of what to change. */
  line: number
  column: number
  problem: string
  hint: string
}

const FIELD = /^(\s*)(-\s+)?([^\s:#'"][^:#]*?):(?:\s+(.*))?$/

function diagnose(error: YAMLError, line: number, lines: readonly string[]): Diagnosis {
  const text = lines[line] ?? ''
  const indent = indentOf(text)
  if (error.code === 'TAB_AS_INDENT' || /^\s*\t/.test(text)) {
    return {
      line,
      column: text.search(/\t/),
      problem: 'a tab in the indentation; YAML indents with spaces only',
      hint: 'replace the tab with spaces (most editors: "convert indentation to spaces")',
    }
  }
  const opened = unclosedBracket(lines, line)
  if (opened) return opened
  if (error.code === 'BAD_INDENT') return badIndent(line, lines)
  const field = FIELD.exec(text)
  const value = field?.[4]?.trim() ?? ''
  const colonInValue = value.search(/:(\s|$)/)
  if (field && colonInValue >= 0 && !/^['"[{|>]/.test(value)) {
    const key = field[3] ?? ''
    return {
      line,
      column: text.indexOf(value) + colonInValue,
      problem: `the value of \`${key}\` has \`: \` in it, which YAML reads as the start of another key`,
      hint: `put the value in quotes: ${key}: "${value.replace(/"/g, '\\"')}"`,
    }
  }
  const next = nextContentLine(lines, line)
  if (field && value !== '' && next !== undefined && indentOf(lines[next] ?? '') > indent) {
    const key = field[3] ?? ''
    return {
      line: next,
      column: indentOf(lines[next] ?? ''),
      problem: `this line is indented deeper than \`${key}\` on line ${line + 1}, which already has a value`,
      hint: `fields of one mapping start in the same column: indent it by ${indent} spaces, like \`${key}\``,
    }
  }
  const content = text.trim()
  if (content !== '' && !content.startsWith('#') && !/:(\s|$)/.test(content)) {
    const [word = content, ...rest] = content.split(/\s+/)
    const fixed = rest.length > 0 ? `${word}: ${rest.join(' ')}` : `${word}:`
    return {
      line,
      column: indent,
      problem: `\`${content.length > 40 ? `${content.slice(0, 39)}…` : content}\` has no \`:\`; a field is \`key: value\``,
      hint: `write \`${fixed.length > 60 ? `${fixed.slice(0, 59)}…` : fixed}\``,
    }
  }
  return {
    line,
    column: indent,
    problem: `YAML syntax: ${firstLineLower(error.message)}`,
    hint: 'check the indentation and the `key: value` form of this line and the one above',
  }
}

/** `images: [./a.png` with no `]`: the parser notices lines later; the fix is where the list opened. */
function unclosedBracket(lines: readonly string[], line: number): Diagnosis | undefined {
  for (let above = line; above >= Math.max(0, line - 5); above--) {
    const text = lines[above] ?? ''
    for (const [open, close] of [
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      const at = text.lastIndexOf(open)
      if (at >= 0 && !text.slice(at).includes(close)) {
        return {
          line: above,
          column: at,
          problem: `the ${open === '[' ? 'list' : 'mapping'} opened with \`${open}\` here is not closed`,
          hint: `end it with \`${close}\` on the same line`,
        }
      }
    }
  }
  return undefined
}

/** A line that lines up with nothing above it: name the columns it could mean. */
function badIndent(line: number, lines: readonly string[]): Diagnosis {
  const indent = indentOf(lines[line] ?? '')
  const candidates: { indent: number; key: string; line: number }[] = []
  let deepest = Number.POSITIVE_INFINITY
  for (let above = line - 1; above >= 0 && deepest > 0; above--) {
    const text = lines[above] ?? ''
    if (text.trim() === '' || text.trim().startsWith('#')) continue
    const level = indentOf(text)
    if (level >= deepest) continue
    deepest = level
    candidates.push({ indent: level, key: FIELD.exec(text)?.[3] ?? text.trim(), line: above + 1 })
  }
  const options = candidates
    .slice(0, 2)
    .map((option) => `${option.indent} (like \`${option.key}\` on line ${option.line})`)
  return {
    line,
    column: indent,
    problem: `this line is indented by ${indent} space${indent === 1 ? '' : 's'}, which lines up with no key above it`,
    hint: `keys of one mapping start in the same column: indent it by ${options.join(' or ') || '0'}`,
  }
}

function indentOf(text: string): number {
  return /^ */.exec(text)?.[0].length ?? 0
}

function nextContentLine(lines: readonly string[], line: number): number | undefined {
  for (let next = line + 1; next < lines.length; next++) {
    const text = (lines[next] ?? '').trim()
    if (text !== '' && !text.startsWith('#')) return next
  }
  return undefined
}

function lineStarts(lines: readonly string[]): number[] {
  const starts: number[] = []
  let offset = 0
  for (const text of lines) {
    starts.push(offset)
    offset += text.length + 1
  }
  return starts
}

function lineOf(starts: readonly number[], offset: number): number {
  let line = 0
  while (line + 1 < starts.length && (starts[line + 1] ?? 0) <= offset) line++
  return line
}

function firstLineLower(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.charAt(0).toLowerCase() + line.slice(1)
}
