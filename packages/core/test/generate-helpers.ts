import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from '@imagegen/openai-fake'
import sharp from 'sharp'
import { afterEach, expect } from 'vitest'
import { createScheduler, type Scheduler, type SchedulerOptions } from '../src/generate/scheduler.js'
import type { Logger } from '../src/logger.js'
import type { Endpoint, ImageRequest, ManifestEntry } from '../src/manifest/types.js'
import { findModel } from '../src/models/index.js'
import {
  createGoogleProvider,
  type GoogleOptions,
  type GoogleProvider,
} from '../src/providers/google/index.js'
import { createOpenAIProvider, type OpenAIProvider } from '../src/providers/openai/index.js'
import type { OpenAIOptions } from '../src/providers/openai/options.js'
import type { ClosableProvider } from '../src/providers/registry.js'
import { createProviderRouter } from '../src/providers/router.js'
import type { GenerationRequest } from '../src/providers/types.js'
import { buildRecipe, createInputHasher, recipeKey } from '../src/recipe/index.js'
import { openStore, type Store } from '../src/store/store.js'

/** A key no test output may ever contain: searched for in errors, logs and store files. */
export const SECRET = 'fake-key-imagegen-SECRET-0123456789'

const cleanups: (() => Promise<unknown>)[] = []

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

/** A fake for one test, closed after it. */
export async function startFake(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI(options)
  cleanups.push(() => fake.close())
  return fake
}

/** A fresh directory for one test, removed after it. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'imagegen-generate-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** The environment a provider pointed at the fake reads: the secret key and the fake's base URL. */
export function fakeEnv(fake: FakeOpenAI, extra: Record<string, string> = {}): Record<string, string> {
  return { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: fake.url, ...extra }
}

/** The environment the fal provider pointed at the fake reads. */
export function falEnv(fake: FakeOpenAI): Record<string, string> {
  return { FAL_KEY: SECRET, FAL_BASE_URL: `${fake.origin}/fal` }
}

/** The environment the Google provider pointed at the fake reads. */
export function googleEnv(fake: FakeOpenAI, extra: Record<string, string> = {}): Record<string, string> {
  return { GEMINI_API_KEY: SECRET, GOOGLE_GEMINI_BASE_URL: fake.origin, ...extra }
}

/** The real Google provider against the fake, closed after the test. */
export function googleProviderFor(
  fake: FakeOpenAI,
  options: GoogleOptions = {},
  env: Record<string, string> = googleEnv(fake),
): GoogleProvider {
  const provider = createGoogleProvider(options, env)
  cleanups.push(() => provider.close())
  return provider
}

/** The real OpenAI provider against the fake, closed after the test. */
export function providerFor(
  fake: FakeOpenAI,
  options: OpenAIOptions = {},
  env: Record<string, string> = fakeEnv(fake),
): OpenAIProvider {
  const provider = createOpenAIProvider(options, env)
  cleanups.push(() => provider.close())
  return provider
}

export interface RecordingLogger extends Logger {
  /** Every line, whatever its level, prefixed with it. */
  lines: string[]
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
    debug: (message) => lines.push(`debug ${message}`),
  }
}

/** Fast waits between retries, so that tests measure the code and not the clock. */
export const FAST_BACKOFF = { initialDelayMs: 5, maxDelayMs: 20 }

export interface Setup {
  fake: FakeOpenAI
  /** Every provider, each pointed at the fake: a job goes to the one its recipe names. */
  provider: ClosableProvider
  store: Store
  scheduler: Scheduler
  logger: RecordingLogger
  dir: string
}

/**
 * A scheduler over a real store in a temporary directory and the real providers against `fake`
 * (OpenAI's, Google's and fal's APIs, all served by it); `openai` time and size limits apply to all.
 */
export async function schedulerFor(
  fake: FakeOpenAI,
  options: Partial<SchedulerOptions> & { openai?: OpenAIOptions; dir?: string } = {},
): Promise<Setup> {
  const { openai = {}, dir: givenDir, ...rest } = options
  const dir = givenDir ?? (await tempDir())
  const logger = recordingLogger()
  const { timeoutMs, maxResponseBytes } = openai
  const others = { ...(timeoutMs ? { timeoutMs } : {}), ...(maxResponseBytes ? { maxResponseBytes } : {}) }
  const provider = createProviderRouter(
    { openai, google: others, fal: others },
    { ...fakeEnv(fake), ...googleEnv(fake), ...falEnv(fake) },
  )
  cleanups.push(() => provider.close())
  const store = openStore({ dir, logger })
  const scheduler = createScheduler({
    provider,
    store,
    logger,
    concurrency: 4,
    maxRetries: 4,
    maxNewImages: Number.POSITIVE_INFINITY,
    maxCost: Number.POSITIVE_INFINITY,
    backoff: FAST_BACKOFF,
    ...rest,
  })
  return { fake, provider, store, scheduler, logger, dir }
}

export interface JobOptions {
  endpoint?: Endpoint
  images?: string[]
  mask?: string
  variation?: string
  rev?: number
  provider?: string
  style?: string
  references?: string[]
}

/**
 * A generation job built the way the engine builds it: a manifest entry through `buildRecipe`, so the
 * recipe carries the API defaults the engine's recipes carry.
 */
export async function job(
  name: string,
  request: Partial<ImageRequest>,
  options: JobOptions = {},
): Promise<GenerationRequest> {
  const file = (absolutePath: string) => ({
    path: absolutePath,
    absolutePath,
    position: { file: 'images.yaml', line: 1, column: 1 },
  })
  const images = options.images ?? []
  const endpoint: Endpoint =
    options.endpoint ?? (options.variation ? 'variations' : images.length > 0 ? 'edits' : 'generations')
  const entry: ManifestEntry = {
    name,
    exportName: name,
    manifestFile: 'images.yaml',
    position: { file: 'images.yaml', line: 1, column: 1 },
    endpoint,
    request: { model: 'gpt-image-1', ...request },
    provider: options.provider ?? findModel(request.model ?? 'gpt-image-1')?.provider ?? 'openai',
    ...(options.style ? { style: options.style } : {}),
    references: (options.references ?? []).map(file),
    images: images.map(file),
    ...(options.mask ? { mask: file(options.mask) } : {}),
    ...(options.variation ? { variation: file(options.variation) } : {}),
    rev: options.rev ?? 0,
    placeholder: 'none',
    transform: {},
    unknownModel: false,
  }
  const recipe = await buildRecipe(entry, createInputHasher())
  const files: GenerationRequest['files'] = { images }
  if (options.mask) files.mask = options.mask
  if (options.variation) files.variation = options.variation
  if (recipe.inputs.references) files.references = options.references
  return { key: recipeKey(recipe), recipe, entryName: name, files }
}

/** A cheap gpt-image-1 generation: the fake draws 1024x1024 images, jpeg is its fastest encoding. */
export function cheapJob(name: string, request: Partial<ImageRequest> = {}): Promise<GenerationRequest> {
  return job(name, {
    prompt: `A watercolor otter named ${name}`,
    size: '1024x1024',
    quality: 'low',
    output_format: 'jpeg',
    ...request,
  })
}

/** The smallest image the fake draws: dall-e-2 at 256x256, for tests that need many of them. */
export function tinyJob(name: string, request: Partial<ImageRequest> = {}): Promise<GenerationRequest> {
  return job(name, { model: 'dall-e-2', prompt: `A pencil otter named ${name}`, size: '256x256', ...request })
}

/** A cheap Google job: Imagen 4 Fast (a flat $0.02 an image) or Gemini 2.5 Flash Image, square 1K. */
export function googleJob(
  name: string,
  request: Partial<ImageRequest> = {},
  options: JobOptions = {},
): Promise<GenerationRequest> {
  return job(
    name,
    { model: 'imagen-4.0-fast-generate-001', prompt: `A photo of an otter named ${name}`, ...request },
    options,
  )
}

/** A cheap fal job: FLUX schnell at 512x512 (`square`). */
export function falJob(name: string, request: Partial<ImageRequest> = {}): Promise<GenerationRequest> {
  return job(name, {
    model: 'fal-ai/flux/schnell',
    prompt: `An otter named ${name}`,
    image_size: 'square',
    ...request,
  })
}

/** A real image file for edits and variations. */
export async function writeImage(
  dir: string,
  name: string,
  { width = 64, height = 64, alpha = false, format = 'png' as 'png' | 'jpeg' | 'webp' } = {},
): Promise<string> {
  const path = join(dir, name)
  const channels = alpha ? 4 : 3
  const background = alpha ? { r: 40, g: 120, b: 200, alpha: 0 } : { r: 40, g: 120, b: 200 }
  await sharp({ create: { width, height, channels, background } }).toFormat(format).toFile(path)
  return path
}

/** What a promise rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  )
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`)
  return outcome.error as Error & Record<string, unknown>
}

/** An error with its cause chain as text: message, stack and every own field, all the way down. */
export function serializeError(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || typeof error !== 'object' || seen.has(error)) return String(error)
  seen.add(error)
  const fields: Record<string, unknown> = {}
  for (const name of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[name]
    fields[name] = value !== null && typeof value === 'object' ? serializeError(value, seen) : String(value)
  }
  return JSON.stringify(fields)
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })) as string[]
  const files: string[] = []
  for (const name of names) if ((await stat(join(dir, name))).isFile()) files.push(name)
  return files.sort()
}

/** Asserts that no file under `dir` contains `text`. */
export async function expectNoFileContains(dir: string, text: string): Promise<void> {
  for (const name of await listFiles(dir)) {
    const content = await readFile(join(dir, name))
    expect(content.includes(text), `${name} contains the secret`).toBe(false)
  }
}

/** Asserts a store holds only whole entries: no temporary file, no recipe without its blobs. */
export async function expectWholeEntries(store: Store): Promise<void> {
  const files = await listFiles(store.dir).catch(() => [])
  expect(files.filter((name) => name.includes('.tmp-'))).toEqual([])
  // A fresh store hashes every blob again rather than trusting this process's earlier checks.
  const fresh = openStore({ dir: store.dir })
  for (const key of await fresh.listRecipes()) expect(await fresh.verifyEntry(key)).toBe('stored')
}

/** A small job for each API the fake serves, for the suites that run against every provider. */
export const JOBS_BY_API: readonly { api: string; jobFor: (name: string) => Promise<GenerationRequest> }[] = [
  { api: 'openai', jobFor: (name) => tinyJob(name) },
  { api: 'google', jobFor: (name) => googleJob(name) },
  { api: 'fal', jobFor: (name) => falJob(name) },
]
