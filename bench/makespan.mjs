// Cold makespan: 64 missing images generated through the scheduler at concurrency 8 against the fake
// with 500 ms latency, against the ideal 64 / 8 × 0.5 s = 4 s. A number to watch, not a pass/fail test.
// Needs the built packages: `pnpm build` at the root.
//
//   node bench/makespan.mjs [--images 64] [--concurrency 8] [--latency 500] [--cold-render]
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
  createOpenAIProvider,
  createScheduler,
  loadManifest,
  openStore,
  recipeKey,
} from '../packages/core/dist/index.js'
import { startFakeOpenAI } from '../packages/openai-fake/dist/index.js'

const KEY = 'sk-imagegen-bench-0000'
const TARGET = 1.1

/** Generates `images` missing entries through a fresh store; resolves with the makespan and details. */
export async function measureMakespan({
  images = 64,
  concurrency = 8,
  latencyMs = 500,
  warmRender = true,
} = {}) {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-makespan-'))
  const fake = await startFakeOpenAI({ latencyMs })
  try {
    const jobs = await plannedJobs(root, images)
    if (warmRender) await fillRenderCache(fake, jobs)
    fake.reset()

    const provider = createOpenAIProvider({}, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url })
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
    const idealSeconds = (Math.ceil(images / concurrency) * latencyMs) / 1000
    const answered = fake.requests.filter((request) => request.status === 200)
    const serverSeconds = answered.reduce((sum, request) => sum + (request.durationMs ?? 0), 0) / 1000
    return {
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
async function plannedJobs(root, count) {
  const lines = ['defaults:', '  model: gpt-image-1', '  size: 1024x1024', '  quality: low', '', 'images:']
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

/** The same request bodies the provider sends, all at once, so the fake has drawn every image. */
async function fillRenderCache(fake, jobs) {
  await Promise.all(
    jobs.map(async (job) => {
      const response = await fetch(`${fake.url}/images/generations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(job.recipe.request),
      })
      if (response.status !== 200) throw new Error(`warm-up answered ${response.status}`)
      await response.arrayBuffer()
    }),
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      images: { type: 'string', default: '64' },
      concurrency: { type: 'string', default: '8' },
      latency: { type: 'string', default: '500' },
      'cold-render': { type: 'boolean', default: false },
    },
  })
  const result = await measureMakespan({
    images: Number(values.images),
    concurrency: Number(values.concurrency),
    latencyMs: Number(values.latency),
    warmRender: !values['cold-render'],
  })
  console.log(
    `makespan: ${result.images} images, concurrency ${result.concurrency}, ${result.latencyMs} ms latency: ` +
      `${result.seconds.toFixed(2)} s vs ideal ${result.idealSeconds.toFixed(2)} s → ratio ${result.ratio.toFixed(2)} ` +
      `(target ≤ ${TARGET.toFixed(2)}; fake render cache ${result.warmRender ? 'filled first' : 'cold'}; ` +
      `${result.requests} requests, ${result.retries} retries, peak ${result.peakInFlight} in flight, ` +
      `${result.meanServerMs.toFixed(0)} ms mean at the fake)`,
  )
  console.log(
    JSON.stringify({
      bench: 'makespan',
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
