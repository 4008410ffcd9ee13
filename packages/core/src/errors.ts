import { plural } from './plural.js'

/** Where in a manifest a problem is. Lines and columns are 1-based. */
export interface SourcePosition {
  file: string
  line: number
  column: number
}

/** Stable codes: tools and tests match on these, never on message text. */
export type ImagegenErrorCode =
  | 'MANIFEST_YAML' // YAML syntax
  | 'MANIFEST_TYPE' // a value of the wrong type or shape
  | 'MANIFEST_UNKNOWN_KEY'
  | 'MANIFEST_VALUE' // a value outside what is allowed (enum, range)
  | 'MANIFEST_MODEL_RULE' // a per-model rule (size, n, quality, field not accepted)
  | 'MANIFEST_DUPLICATE' // duplicate entry or colliding export name
  | 'MANIFEST_INPUT' // an input file that is missing or outside the root
  | 'MANIFEST_INVALID' // a manifest file with one or more of the above
  | 'MANIFEST_TOO_LARGE' // a manifest file past the size cap
  | 'STORE_KEY' // a malformed recipe key
  | 'STORE_CORRUPT'
  | 'STORE_LOCK'
  | 'MISSING_IMAGES' // frozen mode: entries not in the store
  | 'UNKNOWN_ENTRY'
  | 'PROVIDER_INVALID_REQUEST'
  | 'PROVIDER_MODERATION'
  | 'PROVIDER_QUOTA'
  | 'PROVIDER_AUTH'
  | 'PROVIDER_RATE_LIMIT'
  | 'PROVIDER_SERVER'
  | 'PROVIDER_NETWORK'
  | 'PROVIDER_TIMEOUT'
  | 'PROVIDER_RESPONSE' // an answer we cannot use (bad base64, unknown bytes, foreign url)
  | 'ABORTED'
  | 'BUDGET'
  | 'CONFIG'
  | 'REMOTE_UNAVAILABLE' // a required remote (or `check --remote`) could not be read or written

export interface ImagegenErrorDetails {
  position?: SourcePosition
  entry?: string
  /** What would be right, or the command that fixes it. */
  hint?: string
  cause?: unknown
}

/**
 * Every error imagegen raises on purpose. `message` is the full human line
 * (`file:line:column  entry  what is wrong — what would be right`) so it reads well
 * wherever a bundler or terminal prints it; the parts stay available as fields.
 */
export class ImagegenError extends Error {
  readonly code: ImagegenErrorCode
  readonly position: SourcePosition | undefined
  readonly entry: string | undefined
  readonly hint: string | undefined
  readonly problem: string

  constructor(code: ImagegenErrorCode, problem: string, details: ImagegenErrorDetails = {}) {
    super(formatProblem(problem, details), details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'ImagegenError'
    this.code = code
    this.problem = problem
    this.position = details.position
    this.entry = details.entry
    this.hint = details.hint
  }
}

/** A manifest with problems: every one of them at once, in file order. */
export class ManifestError extends ImagegenError {
  readonly issues: readonly ImagegenError[]

  constructor(issues: readonly ImagegenError[]) {
    const files = [...new Set(issues.map((issue) => issue.position?.file).filter(Boolean))]
    const head = `${plural(issues.length, 'problem')} in ${files.join(', ') || 'manifest'}`
    super('MANIFEST_INVALID', `${head}:\n${issues.map((issue) => `  ${issue.message}`).join('\n')}`)
    this.name = 'ManifestError'
    this.issues = issues
  }
}

/** The position of `offset` (0-based) in `source`, the text of `file`. */
export function positionAt(source: string, file: string, offset: number): SourcePosition {
  const before = source.slice(0, offset)
  return { file, line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}

export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`
}

function formatProblem(problem: string, { position, entry, hint }: ImagegenErrorDetails): string {
  const where = [position && formatPosition(position), entry].filter(Boolean).join('  ')
  const what = hint ? `${problem} — ${hint}` : problem
  return where ? `${where}  ${what}` : what
}

export function isImagegenError(value: unknown): value is ImagegenError {
  return value instanceof ImagegenError
}
