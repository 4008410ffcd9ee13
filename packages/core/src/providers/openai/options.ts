export interface AzureOptions {
  /** `https://<resource>.openai.azure.com` */
  endpoint: string
  /** The deployment name; sent as `model` in the v1 form. */
  deployment: string
  /**
   * With a version, the deployment form `…/openai/deployments/{deployment}/images/…?api-version=`;
   * without, the v1 form `…/openai/v1/images/…`.
   */
  apiVersion?: string
}

export interface OpenAIOptions {
  /** @default `OPENAI_BASE_URL`, else https://api.openai.com/v1 */
  baseURL?: string
  /** @default `OPENAI_ORG_ID` */
  organization?: string
  /** @default `OPENAI_PROJECT_ID` */
  project?: string
  /** Azure OpenAI instead of api.openai.com; the key then comes from `AZURE_OPENAI_API_KEY`. */
  azure?: AzureOptions
  /** How long one request may take, headers and body each. @default 600_000 (10 minutes) */
  timeoutMs?: number
  /** Largest response body accepted, in bytes. @default 256 MiB */
  maxResponseBytes?: number
  /** Hosts besides the API's own from which a result `url` may be downloaded (over https). @default [] */
  trustedImageHosts?: string[]
}

/** Public and printable: the API key is never among them (see `readApiKey`). */
export interface ResolvedOpenAIOptions {
  baseURL: string
  organization: string | undefined
  project: string | undefined
  azure: AzureOptions | undefined
  timeoutMs: number
  maxResponseBytes: number
  trustedImageHosts: string[]
}

type Env = Record<string, string | undefined>

export function resolveOpenAIOptions(
  options: OpenAIOptions = {},
  env: Env = process.env,
): ResolvedOpenAIOptions {
  const {
    azure,
    baseURL = azure ? azureBaseURL(azure) : env.OPENAI_BASE_URL || 'https://api.openai.com/v1',
    organization = env.OPENAI_ORG_ID,
    project = env.OPENAI_PROJECT_ID,
    timeoutMs = 600_000,
    maxResponseBytes = 256 * 1024 * 1024,
    trustedImageHosts = [],
  } = options
  return {
    baseURL: baseURL.replace(/\/+$/, ''),
    organization,
    project,
    azure,
    timeoutMs,
    maxResponseBytes,
    trustedImageHosts,
  }
}

/** The API key, from the environment only; kept in the provider's closure, never in a public field. */
export function readApiKey(options: OpenAIOptions, env: Env = process.env): string | undefined {
  return (options.azure ? env.AZURE_OPENAI_API_KEY : env.OPENAI_API_KEY) || undefined
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Why sending the key to `baseURL` is unsafe, or undefined: plain http to anything but this machine
 * carries the key in clear text. A loopback server (a local proxy, a test double) is fine.
 */
export function insecureBaseURL(baseURL: string): string | undefined {
  let url: URL
  try {
    url = new URL(baseURL)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:') return undefined
  if (LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.') || url.hostname.endsWith('.localhost'))
    return undefined
  return `imagegen: the OpenAI base URL ${url.origin} is plain http to another host: the API key and every prompt cross the network unencrypted; use https`
}

function azureBaseURL({ endpoint, deployment, apiVersion }: AzureOptions): string {
  const root = endpoint.replace(/\/+$/, '')
  return apiVersion ? `${root}/openai/deployments/${encodeURIComponent(deployment)}` : `${root}/openai/v1`
}

/** The full URL of one endpoint, with Azure's `api-version` where it applies. */
export function endpointURL(options: ResolvedOpenAIOptions, endpoint: string): string {
  const url = `${options.baseURL}/images/${endpoint}`
  const version = options.azure?.apiVersion
  return version ? `${url}?api-version=${encodeURIComponent(version)}` : url
}

/** Request headers. The key goes in exactly one header and nowhere else. */
export function authHeaders(
  options: ResolvedOpenAIOptions,
  apiKey: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {}
  if (apiKey) {
    if (options.azure) headers['api-key'] = apiKey
    else headers.authorization = `Bearer ${apiKey}`
  }
  if (options.organization) headers['openai-organization'] = options.organization
  if (options.project) headers['openai-project'] = options.project
  return headers
}
