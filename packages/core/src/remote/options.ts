import type { Env } from '../engine/options.js'
import { ImagegenError } from '../errors.js'

/**
 * A shared remote behind the local store. Where it is may be set here or, for CI, by `IMAGEGEN_REMOTE`;
 * credentials come only from the environment (`AWS_*` for S3, `IMAGEGEN_REMOTE_TOKEN` or the URL's
 * user:password for HTTP), never from this object.
 */
export interface RemoteOptions {
  /** `s3://bucket/prefix` or `https://host/path`. @default `IMAGEGEN_REMOTE` */
  url?: string
  /** Fail the run when the remote cannot be reached, instead of going on with the local store. @default `IMAGEGEN_REMOTE_REQUIRED` */
  required?: boolean
  /** Only read: no write-back, no leases (pull-request builds). @default `IMAGEGEN_REMOTE_READ_ONLY` */
  readOnly?: boolean
  /** Bounds every request, whole. @default 10_000 */
  timeoutMs?: number
  /** How long a runner's claim on a missing image blocks others if the runner vanishes. @default 60_000 */
  leaseMs?: number
  /** How often a runner waiting for another's image looks again. @default 1_000 */
  pollMs?: number
  /**
   * On servers without conditional writes: how long a claim must stand unchallenged before it counts.
   * It must exceed the time between a competitor's read and its write landing. @default 1_000
   */
  settleMs?: number
  /** Whether the server honours `If-None-Match: *`; `auto` asks it once per run. @default 'auto' */
  conditionalWrites?: boolean | 'auto'
  /** S3 only: @default `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1` (`auto` for R2 works too) */
  region?: string
  /** S3 only: @default `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, else AWS */
  endpoint?: string
  /** S3 only: `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`. @default true for non-AWS endpoints */
  forcePathStyle?: boolean
}

export interface S3Location {
  kind: 's3'
  bucket: string
  prefix: string
  endpoint: URL
  region: string
  pathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

export interface HttpLocation {
  kind: 'http'
  /** Without user:password; always ends with `/`. */
  base: URL
  /** The whole `Authorization` header value. */
  authorization?: string
}

export interface ResolvedRemote {
  location: S3Location | HttpLocation
  /** For messages: the URL without any credential. */
  description: string
  required: boolean
  readOnly: boolean
  timeoutMs: number
  leaseMs: number
  pollMs: number
  settleMs: number
  conditionalWrites: boolean | 'auto'
  /** HMAC key for records (`IMAGEGEN_REMOTE_SIGNING_KEY`). */
  signingKey?: string
  /** Every credential, so that no message can carry one. */
  secrets: string[]
}

/** The remote the options and environment describe, or undefined when there is none. */
export function resolveRemote(
  options: RemoteOptions | false | undefined,
  env: Env,
): ResolvedRemote | undefined {
  if (options === false) return undefined
  const url = options?.url ?? env.IMAGEGEN_REMOTE
  if (!url) return undefined
  const {
    required = flag(env.IMAGEGEN_REMOTE_REQUIRED),
    readOnly = flag(env.IMAGEGEN_REMOTE_READ_ONLY),
    timeoutMs = 10_000,
    leaseMs = 60_000,
    pollMs = 1_000,
    settleMs = 1_000,
    conditionalWrites = 'auto',
  } = options ?? {}
  for (const [name, value] of Object.entries({ timeoutMs, leaseMs, pollMs, settleMs })) {
    if (!Number.isFinite(value) || value <= 0)
      throw new ImagegenError(
        'CONFIG',
        `remote.${name} \`${value}\` is not a positive number of milliseconds`,
      )
  }
  const parsed = parseUrl(url)
  const location =
    parsed.protocol === 's3:' ? s3Location(parsed, options ?? {}, env) : httpLocation(parsed, env)
  const secrets = secretsOf(location, parsed, env)
  const signingKey = env.IMAGEGEN_REMOTE_SIGNING_KEY || undefined
  if (signingKey) secrets.push(signingKey)
  return {
    location,
    description: describe(parsed),
    required,
    readOnly,
    timeoutMs,
    leaseMs,
    pollMs,
    settleMs,
    conditionalWrites,
    ...(signingKey ? { signingKey } : {}),
    secrets,
  }
}

function parseUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ImagegenError('CONFIG', 'the remote is not a URL', { hint: REMOTE_HINT })
  }
  if (!['s3:', 'http:', 'https:'].includes(parsed.protocol))
    throw new ImagegenError('CONFIG', `a ${parsed.protocol} remote is not supported`, { hint: REMOTE_HINT })
  return parsed
}

const REMOTE_HINT = 'set IMAGEGEN_REMOTE (or remote.url) to s3://bucket/prefix or https://host/path'

function s3Location(url: URL, options: RemoteOptions, env: Env): S3Location {
  const bucket = url.hostname
  if (!bucket) throw new ImagegenError('CONFIG', 'the s3:// remote names no bucket', { hint: REMOTE_HINT })
  const region = options.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1')
  const custom = options.endpoint ?? (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)
  const endpoint = new URL(custom ?? `https://s3.${region}.amazonaws.com`)
  // Virtual-hosted addressing is AWS's own; other servers (R2, MinIO, s3rver) are addressed by path.
  const pathStyle = options.forcePathStyle ?? custom !== undefined
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  const location: S3Location = {
    kind: 's3',
    bucket,
    prefix: trimSlashes(url.pathname),
    endpoint,
    region,
    pathStyle,
  }
  if (accessKeyId && secretAccessKey) {
    location.credentials = { accessKeyId, secretAccessKey }
    if (env.AWS_SESSION_TOKEN) location.credentials.sessionToken = env.AWS_SESSION_TOKEN
  }
  return location
}

function httpLocation(url: URL, env: Env): HttpLocation {
  const base = new URL(url.href)
  base.username = ''
  base.password = ''
  base.search = ''
  base.hash = ''
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  const location: HttpLocation = { kind: 'http', base }
  const token = env.IMAGEGEN_REMOTE_TOKEN
  if (token) location.authorization = `Bearer ${token}`
  else if (url.username || url.password) {
    const user = decodeURIComponent(url.username)
    const password = decodeURIComponent(url.password)
    location.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  }
  return location
}

function secretsOf(location: S3Location | HttpLocation, url: URL, env: Env): string[] {
  const secrets = [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.IMAGEGEN_REMOTE_TOKEN, url.password]
  if (url.password) secrets.push(decodeURIComponent(url.password))
  if (location.kind === 'http' && location.authorization) secrets.push(location.authorization.split(' ')[1])
  return secrets.filter((secret): secret is string => Boolean(secret && secret.length >= 4))
}

/** The URL as messages may show it: no user, no password, no query. */
function describe(url: URL): string {
  const shown = new URL(url.href)
  shown.username = ''
  shown.password = ''
  shown.search = ''
  shown.hash = ''
  return shown.href
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '')
}

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false'
}
