import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as root from '../src/index.js'

const README = fileURLToPath(new URL('../README.md', import.meta.url))
const INDEX = fileURLToPath(new URL('../src/index.ts', import.meta.url))
const SOURCES = fileURLToPath(new URL('../src/', import.meta.url))

/** The names in the first column of the README's "Public API" table (the schema file aside). */
function readmeNames(): string[] {
  const section =
    readFileSync(README, 'utf8')
      .split(/^## Public API$/m)[1]
      ?.split(/^## /m)[0] ?? ''
  const rows = section.split('\n').filter((line) => /^\| `/.test(line))
  return rows
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ''))
    .filter((name) => !name.startsWith('@imagegen/'))
    .map((name) => name.replace(/\(.*$/, ''))
}

/** The root's exports as TypeScript sees them (types and values), with its checker. */
function rootModule() {
  const program = ts.createProgram([INDEX], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(INDEX)
  const symbol = source && checker.getSymbolAtLocation(source)
  if (!symbol) throw new Error(`TypeScript could not read ${INDEX}`)
  return { checker, exports: checker.getExportsOfModule(symbol) }
}

/** What an exported name stands for, through `export { … } from` re-exports. */
function target(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
}

/** Every type declared in core's sources that a parameter of `signature` names (callbacks too). */
function parameterTypes(checker: ts.TypeChecker, signature: ts.Signature, depth = 0): Set<string> {
  const found = new Set<string>()
  const visit = (type: ts.Type, level: number) => {
    if (level > 3) return
    const symbol = type.aliasSymbol ?? type.getSymbol()
    const declared = symbol?.declarations?.[0]?.getSourceFile().fileName ?? ''
    const named = symbol && declared.startsWith(SOURCES) && !symbol.name.startsWith('__')
    if (named && found.has(symbol.name)) return
    if (named) found.add(symbol.name)
    if (type.isUnion() || type.isIntersection()) {
      for (const part of type.types) visit(part, level)
      return
    }
    for (const argument of checker.getTypeArguments(type as ts.TypeReference) ?? []) visit(argument, level)
    if (symbol && declared.startsWith(SOURCES)) {
      for (const property of checker.getPropertiesOfType(type)) {
        const propertyType = checker.getNonNullableType(checker.getTypeOfSymbol(property))
        for (const inner of propertyType.getCallSignatures()) {
          for (const name of parameterTypes(checker, inner, level + 1)) found.add(name)
        }
      }
    }
  }
  for (const parameter of signature.getParameters()) {
    visit(checker.getNonNullableType(checker.getTypeOfSymbol(parameter)), depth)
  }
  return found
}

describe("@imagegen/core's root export", () => {
  const { checker, exports } = rootModule()
  const names = exports.map((symbol) => symbol.name).sort()

  it('exports exactly the names the README\'s "Public API" table lists', () => {
    const listed = readmeNames()
    expect(listed.length).toBeGreaterThan(20)
    expect(names).toEqual([...new Set(listed)].sort())
  })

  it('has at run time exactly the value exports TypeScript sees', () => {
    const values = exports
      .filter((symbol) => (target(checker, symbol).flags & ts.SymbolFlags.Value) !== 0)
      .map((symbol) => symbol.name)
    expect(Object.keys(root).sort()).toEqual(values.sort())
  })

  it('exports every type a parameter of its functions and engine methods takes', () => {
    const byName = new Map(exports.map((symbol) => [symbol.name, symbol]))
    const engine = byName.get('Imagegen')
    if (!engine) throw new Error('no Imagegen export')
    const engineType = checker.getDeclaredTypeOfSymbol(target(checker, engine))
    const signatures = [
      ...checker
        .getPropertiesOfType(engineType)
        .flatMap((member) => checker.getTypeOfSymbol(member).getCallSignatures()),
      ...exports.flatMap((symbol) => checker.getTypeOfSymbol(symbol).getCallSignatures()),
    ]
    const named = new Set(signatures.flatMap((signature) => [...parameterTypes(checker, signature)]))
    expect(named).toContain('ResolveOptions')
    expect(named).toContain('PartialImage')
    expect(named).toContain('EntryOutcome')
    expect([...named].filter((name) => !byName.has(name))).toEqual([])
  })

  it("keeps the engine's store and remote out of the public Imagegen type", () => {
    const engine = exports.find((symbol) => symbol.name === 'Imagegen')
    if (!engine) throw new Error('no Imagegen export')
    const members = checker
      .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(target(checker, engine)))
      .map((member) => member.name)
    expect(members).toContain('resolve')
    expect(members).not.toContain('store')
    expect(members).not.toContain('remote')
  })
})
