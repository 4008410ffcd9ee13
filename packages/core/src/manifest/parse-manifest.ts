import { realpath } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { z } from 'zod'
import { ImagegenError, ManifestError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { BrokenFields } from './broken-fields.js'
import { checkDefaults } from './defaults-checks.js'
import { checkEntryNames, ENTRY_NAME_PATTERN, MAX_ENTRY_NAME_LENGTH } from './entry-names.js'
import { displayPath } from './load-manifest.js'
import { buildEntry, isPlainObject } from './manifest-entry.js'
import { defaultsSchema, entrySchema, manifestSchema } from './schema.js'
import { schemaIssuesToErrors } from './schema-issues.js'
import type { Manifest, ManifestEntry } from './types.js'
import { parseYaml } from './yaml-source.js'

export interface ParseManifestOptions {
  /** The manifest's path: input paths are relative to its folder. */
  file: string
  /**
   * The project root: input files must resolve inside it, and error positions name files relative to it.
   * @default process.cwd()
   */
  root?: string
  /** Where warnings go (an unknown model, an experimental size). @default silentLogger */
  logger?: Logger
}

/**
 * Validates the text of a manifest and returns its entries with `defaults` merged in. Throws one
 * `ManifestError` holding every problem, each with its `line:column`, in file order. Any input,
 * however mangled, gives that error and never another.
 */
export async function parseManifest(source: string, options: ParseManifestOptions): Promise<Manifest> {
  const file = resolve(options.file)
  const root = resolve(options.root ?? process.cwd())
  const display = displayPath(root, file)
  let result: { entries: ManifestEntry[]; issues: ImagegenError[] }
  try {
    result = await validate(source, file, root, display, options.logger ?? silentLogger)
  } catch (error) {
    // A safety net, not a code path: a bug here must still read as a positioned manifest error.
    const problem = `imagegen could not check this manifest (${error instanceof Error ? error.message : String(error)})`
    const issue = new ImagegenError('MANIFEST_INVALID', problem, {
      position: { file: display, line: 1, column: 1 },
      hint: 'this is a bug in imagegen: please report it with the manifest',
      cause: error,
    })
    throw new ManifestError([issue])
  }
  if (result.issues.length > 0) throw new ManifestError(inFileOrder(result.issues))
  return { file, entries: result.entries }
}

async function validate(source: string, file: string, root: string, display: string, logger: Logger) {
  const { locate, data, issues } = parseYaml(source, display, logger)
  if (data === undefined) return { entries: [], issues }

  const schemaIssues = checkShape(data)
  issues.push(...schemaIssuesToErrors(schemaIssues, data, locate))
  const images = isPlainObject(data) && isPlainObject(data.images) ? data.images : {}
  const names = Object.keys(images)
  issues.push(...checkEntryNames(names, locate))
  // An overlong name is reported once; its fields would only repeat it in every message.
  const checkedNames = names.filter((name) => name.length <= MAX_ENTRY_NAME_LENGTH)

  const broken = new BrokenFields(schemaIssues)
  const defaults = acceptedDefaults(isPlainObject(data) ? data.defaults : undefined, broken)
  issues.push(...checkDefaults(defaults, broken.has(['defaults', 'model']), locate))
  const context = {
    manifestFile: file,
    manifestDir: dirname(file),
    root: { path: root, realPath: await realpath(root).catch(() => root) },
    defaults,
    broken,
    locate,
    logger,
    warned: new Set<string>(),
  }
  const built = await Promise.all(checkedNames.map((name) => buildEntry(name, images[name], context)))
  const entries = built.flatMap((each) => (each.entry ? [each.entry] : []))
  issues.push(...built.flatMap((each) => each.issues))
  return { entries, issues }
}

/** The schema's issues, including those of entries whose names it refuses (and so skips). */
function checkShape(data: unknown): z.core.$ZodIssue[] {
  const result = manifestSchema.safeParse(data)
  const issues = result.success ? [] : [...result.error.issues]
  const images = isPlainObject(data) && isPlainObject(data.images) ? data.images : {}
  for (const [name, entry] of Object.entries(images)) {
    if (ENTRY_NAME_PATTERN.test(name) || name.length > MAX_ENTRY_NAME_LENGTH) continue
    const entryResult = entrySchema.safeParse(entry)
    if (entryResult.success) continue
    issues.push(
      ...entryResult.error.issues.map((issue) => ({ ...issue, path: ['images', name, ...issue.path] })),
    )
  }
  return issues
}

/** `defaults` without the fields the schema refused (those are reported once, at `defaults`). */
function acceptedDefaults(raw: unknown, broken: BrokenFields) {
  if (!isPlainObject(raw) || broken.has(['defaults'])) return {}
  const accepted = Object.fromEntries(Object.entries(raw).filter(([key]) => !broken.has(['defaults', key])))
  const parsed = defaultsSchema.safeParse(accepted)
  return parsed.success ? parsed.data : {}
}

/** Sorted by position, each problem told once. */
function inFileOrder(issues: readonly ImagegenError[]): ImagegenError[] {
  const seen = new Set<string>()
  const unique = issues.filter((issue) => {
    const key = `${issue.position?.line}:${issue.position?.column}:${issue.code}:${issue.problem}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return unique.sort(
    (a, b) =>
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0),
  )
}
