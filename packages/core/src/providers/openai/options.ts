import type { Env } from '../../engine/options.js'
import { resolveBaseURL } from '../http/base-url.js'

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
  /** How long one attempt may take, in ms. @default 300_000 (5 minutes) */
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

export function resolveOpenAIOptions(
  options: OpenAIOptions = {},
  env: Env = process.env,
): ResolvedOpenAIOptions {
  const {
    azure,
    organization = env.OPENAI_ORG_ID,
    project = env.OPENAI_PROJECT_ID,
    timeoutMs = 300_000,
    maxResponseBytes = 256 * 1024 * 1024,
    trustedImageHosts = [],
  } = options
  const source = {
    given: options.baseURL ?? (azure && azureBaseURL(azure)),
    setting: 'openai.baseURL',
    variable: 'OPENAI_BASE_URL',
    fallback: 'https://api.openai.com/v1',
  }
  return {
    baseURL: resolveBaseURL(source, env),
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
  return env[openaiKeyVariable(options)] || undefined
}

/** The variable that holds the key: Azure's own when `azure` is set. */
export function openaiKeyVariable(options: OpenAIOptions = {}): string {
  return options.azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY'
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
