// Cold makespan: 64 missing images generated through the scheduler at concurrency 8 against the fake
// with 500 ms latency, against the ideal 64 / 8 × 0.5 s = 4 s. A number to watch, not a pass/fail test.
// Needs the built packages: `pnpm build` at the root.
//
//   node bench/makespan.mjs [--provider openai|google|fal] [--images 64] [--concurrency 8]
//                           [--latency 500] [--rpm N] [--cold-render]
//
// `--provider google` generates Imagen 4 Fast images through the fake's Gemini API, `--provider fal`
// FLUX schnell images (square_hd, 1024x1024) through its fal apps. `--rpm N` makes the fake enforce N
// requests a minute (a bucket of N that refills evenly), so the run meets the API's own rate-limit
// answers: OpenAI's 429 with `retry-after-ms` and `x-ratelimit-*` headers, Google's 429
// RESOURCE_EXHAUSTED whose wait is a RetryInfo in the body, fal's 429 with `retry-after` in whole
// seconds. The ideal then also counts the refill.
//
// The fake draws each image with sharp in this same process (60–100 ms of CPU for 1024x1024 on two
// cores), which is the test double's cost, not imagegen's. So by default the fake's render cache is
// filled first by plain fetches of the same 64 requests (not through imagegen, whose code stays cold);
// the measured run then starts from an empty store. `--cold-render` measures with the drawing included.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import {
  buildRecipe,
  createInputHasher,
  createProviderRouter,
  createScheduler,
  loadManifest,
  openStore,
  recipeKey,
} from '../packages/core/dist/internal.js'
import { startFakeOpenAI } from '../packages/openai-fake/dist/index.js'
import { makespanApi } from './makespan-apis.mjs'

const KEY = 'sk-imagegen-bench-0000'
const TARGET = 1.1

/** Generates `images` missing entries through a fresh store; resolves with the makespan and details. */
export async function measureMakespan({
  images = 64,
  concurrency = 8,
  latencyMs = 500,
  warmRender = true,
  providerName = 'openai',
  rpm,
} = {}) {
  const api = makespanApi(providerName)
  const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-makespan-'))
  const fake = await startFakeOpenAI({ latencyMs, ...(rpm ? { requestsPerMinute: rpm } : {}) })
  try {
    const jobs = await plannedJobs(root, images, api.defaults)
    if (warmRender) await fillRenderCache(fake, jobs, api)
    fake.reset()

    const provider = createProviderRouter({}, api.env(fake, KEY))
    const store = openStore({ dir: join(root, '.imagegen') })
    const logger = { info() {}, warn: console.warn, error: console.error }
    const scheduler = createScheduler({
      provider,
      store,
      logger,
      concurrency,
      maxRetries: 6,
      maxNewImages: Number.POSITIVE_INFINITY,
      maxCost: Number.POSITIVE_INFINITY,
    })
    const started = performance.now()
    await Promise.all(jobs.map((job) => scheduler.run(job)))
    const seconds = (performance.now() - started) / 1000
    await provider.close()

    const report = scheduler.report()
    if (report.generated !== images || (await store.listRecipes()).length !== images)
      throw new Error(`generated ${report.generated} of ${images}`)
    const batchesSeconds = (Math.ceil(images / concurrency) * latencyMs) / 1000
    // Past a full bucket of `rpm`, requests come back at rpm / 60 a second.
    const refillSeconds = rpm && images > rpm ? ((images - rpm) * 60) / rpm + latencyMs / 1000 : 0
    const idealSeconds = Math.max(batchesSeconds, refillSeconds)
    const answered = fake.requests.filter((request) => request.status === 200)
    const serverSeconds = answered.reduce((sum, request) => sum + (request.durationMs ?? 0), 0) / 1000
    return {
      provider: providerName,
      rpm,
      rateLimited: fake.requests.filter((request) => request.status === 429).length,
      images,
      concurrency,
      latencyMs,
      warmRender,
      seconds,
      idealSeconds,
      ratio: seconds / idealSeconds,
      requests: fake.requests.length,
      retries: report.retries,
      peakInFlight: fake.stats.peakInFlight,
      meanServerMs: (serverSeconds * 1000) / answered.length,
    }
  } finally {
    await fake.close()
    await rm(root, { recursive: true, force: true })
  }
}

/** Entries of a real manifest, planned as the engine plans them: recipe and key. */
async function plannedJobs(root, count, defaults) {
  const lines = ['defaults:', ...defaults, '', 'images:']
  for (let index = 0; index < count; index++)
    lines.push(`  otter-${index}:`, `    prompt: A watercolor otter, study ${index}, floating among kelp`)
  const file = join(root, 'images.yaml')
  await writeFile(file, `${lines.join('\n')}\n`)
  const hashInput = createInputHasher()
  const { entries } = await loadManifest(file, { root })
  return Promise.all(
    entries.map(async (entry) => {
      const recipe = await buildRecipe(entry, hashInput)
      return { key: recipeKey(recipe), recipe, entryName: entry.name, files: { images: [] } }
    }),
  )
}

/**
 * The same request bodies the provider sends, all at once, so the fake has drawn every image. Under a
 * request limit the refused ones are sent again after a reset, which refills the limit and keeps the
 * drawings.
 */
async function fillRenderCache(fake, jobs, api) {
  for (let pending = jobs; pending.length > 0; fake.reset()) {
    const statuses = await Promise.all(pending.map((job) => warmUp(fake, job, api)))
    if (statuses.some((status) => status !== 200 && status !== 429))
      throw new Error(`warm-up answered ${statuses.find((status) => status !== 200)}`)
    pending = pending.filter((_, index) => statuses[index] === 429)
  }
}

async function warmUp(fake, job, api) {
  const { url, headers, body } = api.request(fake, KEY, job.recipe.request)
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await response.arrayBuffer()
  return response.status
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      images: { type: 'string', default: '64' },
      concurrency: { type: 'string', default: '8' },
      latency: { type: 'string', default: '500' },
      provider: { type: 'string', default: 'openai' },
      rpm: { type: 'string' },
      'cold-render': { type: 'boolean', default: false },
    },
  })
  const result = await measureMakespan({
    images: Number(values.images),
    concurrency: Number(values.concurrency),
    latencyMs: Number(values.latency),
    warmRender: !values['cold-render'],
    providerName: values.provider,
    ...(values.rpm ? { rpm: Number(values.rpm) } : {}),
  })
  console.log(
    `makespan (${result.provider}${result.rpm ? `, ${result.rpm} requests/min` : ''}): ${result.images} images, concurrency ${result.concurrency}, ${result.latencyMs} ms latency: ` +
      `${result.seconds.toFixed(2)} s vs ideal ${result.idealSeconds.toFixed(2)} s → ratio ${result.ratio.toFixed(2)} ` +
      `(target ≤ ${TARGET.toFixed(2)}; fake render cache ${result.warmRender ? 'filled first' : 'cold'}; ` +
      `${result.requests} requests, ${result.rateLimited} answered 429, ${result.retries} retries, peak ${result.peakInFlight} in flight, ` +
      `${result.meanServerMs.toFixed(0)} ms mean at the fake)`,
  )
  console.log(
    JSON.stringify({
      bench: 'makespan',
      provider: result.provider,
      rpm: result.rpm,
      rateLimited: result.rateLimited,
      images: result.images,
      concurrency: result.concurrency,
      latencyMs: result.latencyMs,
      warmRender: result.warmRender,
      seconds: Number(result.seconds.toFixed(3)),
      idealSeconds: result.idealSeconds,
      ratio: Number(result.ratio.toFixed(3)),
      target: TARGET,
    }),
  )
}
