/**
 * Which paths the fake serves. OpenAI: `/v1/images/{generations,edits,variations}` — the base URL
 * includes `/v1`, and like the service, paths without it are 404. Azure OpenAI:
 * `/openai/deployments/{deployment}/images/{generations,edits}?api-version=…` and the v1 form
 * `/openai/v1/images/{generations,edits}` (the deployment is the body's `model`). Google's Gemini API:
 * `/v1beta/models/{model}:generateContent` and `:predict`. fal: `/fal/{app}` (fal.run's paths under `/fal`).
 */

import type { Endpoint } from './spec/models.js'

export type Route =
  | { kind: 'images'; endpoint: Endpoint; api: 'openai' }
  | { kind: 'images'; endpoint: Endpoint; api: 'azure'; deployment: string | undefined }
  | { kind: 'file'; name: string }
  | { kind: 'google'; model: string; method: string }
  | { kind: 'fal'; app: string }
  | { kind: 'azure-resource-not-found' }
  | { kind: 'not-found' }

const OPENAI = /^\/v1\/images\/(generations|edits|variations)\/?$/
const AZURE_DEPLOYMENT = /^\/openai\/deployments\/([^/]+)\/images\/(generations|edits)\/?$/
const AZURE_V1 = /^\/openai\/v1\/images\/(generations|edits)\/?$/
const FILE = /^\/files\/([\w.-]+)$/
/** Google's Gemini API: `/v1beta/models/{model}:{method}`. */
/** fal's synchronous apps, under `/fal`: `/fal/{owner}/{app…}`. */
const FAL = /^\/fal\/([\w.-]+\/[\w./-]+)$/
const GOOGLE = /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$/

export function resolveRoute(url: URL): Route {
  const path = url.pathname
  let match = OPENAI.exec(path)
  if (match) return { kind: 'images', endpoint: match[1] as Endpoint, api: 'openai' }
  match = AZURE_DEPLOYMENT.exec(path)
  if (match) {
    if (!url.searchParams.get('api-version')) return { kind: 'azure-resource-not-found' }
    return {
      kind: 'images',
      endpoint: match[2] as Endpoint,
      api: 'azure',
      deployment: decodeURIComponent(match[1] ?? ''),
    }
  }
  match = AZURE_V1.exec(path)
  if (match) return { kind: 'images', endpoint: match[1] as Endpoint, api: 'azure', deployment: undefined }
  match = FAL.exec(path)
  if (match) return { kind: 'fal', app: match[1] ?? '' }
  match = GOOGLE.exec(path)
  if (match) return { kind: 'google', model: decodeURIComponent(match[1] ?? ''), method: match[2] ?? '' }
  match = FILE.exec(path)
  if (match) return { kind: 'file', name: match[1] ?? '' }
  if (path.startsWith('/openai/')) return { kind: 'azure-resource-not-found' }
  return { kind: 'not-found' }
}
