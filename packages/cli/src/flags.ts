import type { GlobalFlags } from './context.js'

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    check found missing or damaged images; generate had failures, stopped at its budget,
       or (frozen, as in CI) found entries missing
  2    bad flags, configuration, environment or manifest; the API refused the account
       (401, 403, insufficient_quota)
  130  interrupted (Ctrl+C); finished images are kept

Environment:
  OPENAI_API_KEY   the OpenAI API key (only ever read from the environment)
  AZURE_OPENAI_API_KEY  the key when openai.azure is set in imagegen.config.*
  OPENAI_BASE_URL  a compatible server instead of api.openai.com
  OPENAI_ORG_ID, OPENAI_PROJECT_ID  sent as OpenAI-Organization and OpenAI-Project
  GEMINI_API_KEY   the Gemini API key for Google models (or GOOGLE_API_KEY)
  GOOGLE_GEMINI_BASE_URL  another root for the Gemini API
  FAL_KEY          the fal key for fal-ai/* models
  FAL_BASE_URL     another root for fal's apps (default https://fal.run)
  IMAGEGEN_MODE    generate | frozen | placeholder (default: frozen when CI is set)
  IMAGEGEN_TIMEOUT time limit of one attempt, in seconds (default: 300)
  IMAGEGEN_REMOTE  a shared store: s3://bucket/prefix or https://host/path
    for s3://: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
               AWS_REGION (or AWS_DEFAULT_REGION), AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL)
    for https://: IMAGEGEN_REMOTE_TOKEN (a bearer token), or user:password in the URL
  IMAGEGEN_REMOTE_READ_ONLY=1  read the remote, never write it (pull-request builds)
  IMAGEGEN_REMOTE_REQUIRED=1   fail rather than carry on locally when the remote is down
  IMAGEGEN_REMOTE_SIGNING_KEY  sign records written; refuse unsigned or badly signed ones
  NO_COLOR         plain output`

/** cac names an unknown flag camel-cased (`--bogusFlag`); the user typed `--bogus-flag`. */
export function asTyped(message: string, argv: readonly string[]): string {
  const unknown = /^Unknown option `--?([^`]+)`/.exec(message)?.[1]
  if (unknown === undefined) return message
  const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
  const typed = argv.find((arg) => /^--?[^-]/.test(arg) && camel(arg.replace(/^--?|=.*$/g, '')) === unknown)
  return `unknown option \`${typed?.replace(/=.*$/, '') ?? `--${unknown}`}\`; see \`imagegen --help\``
}

export function globalFlags(flags: Record<string, unknown>): GlobalFlags {
  const result: GlobalFlags = {}
  if (flags.root !== undefined) result.root = String(flags.root)
  const concurrency = positiveNumber(flags.concurrency, '--concurrency', true)
  if (concurrency !== undefined) result.concurrency = concurrency
  const maxNew = positiveNumber(flags.maxNew, '--max-new', true)
  if (maxNew !== undefined) result.maxNew = maxNew
  const maxCost = positiveNumber(flags.maxCost, '--max-cost', false)
  if (maxCost !== undefined) result.maxCost = maxCost
  const timeout = positiveNumber(flags.timeout, '--timeout', false)
  if (timeout === 0) throw new Error('--timeout takes a number of seconds above 0, not `0`')
  if (timeout !== undefined) result.timeoutMs = timeout * 1000
  if (flags.allowUnpriced === true) result.allowUnpriced = true
  return result
}

export function positiveNumber(value: unknown, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
    throw new Error(`${flag} takes ${integer ? 'a whole number' : 'a number'} of 0 or more, not \`${value}\``)
  }
  return number
}

export function list(value: unknown): string[] {
  if (value === undefined || value === true) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}
