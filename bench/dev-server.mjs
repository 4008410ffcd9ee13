// `vite dev` with 200 missing entries against a slow fake (2 s per image), against the same project with
// every entry stored (a warm start), each in a fresh process (bench/dev-server-child.mjs). Prints time to
// the manifest module (target: within 1.5× of warm), time for all image URLs to answer (target: under
// 1 s, placeholders), full reloads while the images arrive (target: 0 with the swapping client), peak RSS.
// With `--previews`: the cold start only, with the fake streaming (2 s, then an event every 0.5 s), once
// with 2 previews per image and once with `partialImages: 0`: previews swapped in, events, peak RSS.
import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createImagegen } from '@imagegen/core'
import { startFakeOpenAI } from '@imagegen/openai-fake'

const ENTRIES = Number(process.env.ENTRIES ?? 200)
const PREVIEWS = process.argv.includes('--previews')
const here = dirname(fileURLToPath(import.meta.url))
const unplugin = join(here, '..', 'packages', 'unplugin')
const viteFile = createRequire(join(unplugin, 'package.json')).resolve('vite')
const pluginFile = join(unplugin, 'dist', 'vite.js')

const lines = ['defaults:', '  model: gpt-image-1', '  quality: low', '  size: 1024x1024']
lines.push('  transform: { format: webp, widths: [320, 640] }', '', 'images:')
for (let index = 0; index < ENTRIES; index++)
  lines.push(`  entry-${index}:`, `    prompt: Dev server image ${index}`)

const cold = await mkdtemp(join(tmpdir(), 'imagegen-dev-cold-'))
await writeFile(join(cold, 'images.yaml'), `${lines.join('\n')}\n`)
const warm = await mkdtemp(join(tmpdir(), 'imagegen-dev-warm-'))
await cp(cold, warm, { recursive: true })

if (!PREVIEWS) {
  const fast = await startFakeOpenAI()
  const engine = createImagegen({
    root: warm,
    mode: 'generate',
    concurrency: 16,
    env: { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fast.url },
  })
  const manifests = await engine.loadManifests()
  await engine.generate(await engine.plan(manifests.flatMap((manifest) => manifest.entries)))
  await engine.close()
  await fast.close()
}

const slow = await startFakeOpenAI({ latencyMs: 2000, ...(PREVIEWS ? { streamIntervalMs: 500 } : {}) })
const env = { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: slow.url }
// Asynchronously: the fake answers from this process, whose event loop must keep running meanwhile.
const run = (root, expect, options = {}) =>
  new Promise((resolve, reject) => {
    // Node 20 has WebSocket behind a flag; later versions have it on.
    const flags = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-websocket'] : []
    const args = [
      join(here, 'dev-server-child.mjs'),
      root,
      pluginFile,
      viteFile,
      JSON.stringify(env),
      String(expect),
      JSON.stringify(options),
    ]
    const child = spawn(process.execPath, [...flags, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.on('error', reject)
    child.on('close', () => {
      const line = stdout
        .split('\n')
        .filter((text) => text.startsWith('{'))
        .at(-1)
      if (line) resolve(JSON.parse(line))
      else reject(new Error(`the dev server run failed: ${stdout}`))
    })
  })

/** Streaming previews against none, on the same cold project and streaming fake. */
async function previewsRun() {
  const plain = await run(cold, ENTRIES * 2, { partialImages: 0 })
  await rm(join(cold, '.imagegen'), { recursive: true, force: true })
  const streamed = await run(cold, ENTRIES * 2, { partialImages: 2 })
  const result = {
    bench: 'dev-server-previews',
    entries: ENTRIES,
    previewUrls: streamed.previewUrls,
    arrivedUrls: streamed.arrivedUrls,
    events: streamed.arrivalEvents,
    plainEvents: plain.arrivalEvents,
    arrivedSeconds: Number((streamed.arrivedMs / 1000).toFixed(1)),
    plainArrivedSeconds: Number((plain.arrivedMs / 1000).toFixed(1)),
    fullReloads: streamed.fullReloads,
    peakRssMb: streamed.peakRssMb,
    plainPeakRssMb: plain.peakRssMb,
    rssRatio: Number((streamed.peakRssMb / plain.peakRssMb).toFixed(2)),
  }
  console.log(
    `${result.previewUrls} preview URLs and ${result.arrivedUrls} images swapped in by ${result.events} events in ${result.arrivedSeconds} s (without previews: ${result.plainEvents} events, ${result.plainArrivedSeconds} s)`,
  )
  console.log(
    `peak RSS ${result.peakRssMb} MB, without previews ${result.plainPeakRssMb} MB (×${result.rssRatio})`,
  )
  console.log(JSON.stringify(result))
}

/** The dev server as it starts on 200 missing entries, against the same project all stored. */
async function startupRun() {
  // The warm start first, then (to let a first run warm the OS's file cache) the cold one.
  await run(warm, 0)
  const warmRun = await run(warm, 0)
  const coldRun = await run(cold, ENTRIES * 2)
  const result = {
    bench: 'dev-server',
    entries: ENTRIES,
    warmModuleMs: warmRun.moduleMs,
    coldModuleMs: coldRun.moduleMs,
    moduleRatio: Number((coldRun.moduleMs / warmRun.moduleMs).toFixed(2)),
    urlsMs: coldRun.urlsMs,
    urls: coldRun.urls,
    failedUrls: coldRun.failedUrls,
    arrivedUrls: coldRun.arrivedUrls,
    arrivedSeconds: Number((coldRun.arrivedMs / 1000).toFixed(1)),
    fullReloads: coldRun.fullReloads,
    updates: coldRun.updates,
    arrivalEvents: coldRun.arrivalEvents,
    peakRssMb: coldRun.peakRssMb,
    warmPeakRssMb: warmRun.peakRssMb,
    requests: slow.requests.length,
  }
  console.log(
    `warm module ${result.warmModuleMs} ms, cold module ${result.coldModuleMs} ms (×${result.moduleRatio})`,
  )
  console.log(`${result.urls} image URLs answered in ${result.urlsMs} ms (${result.failedUrls} not 200)`)
  console.log(
    `${result.arrivedUrls} URLs arrived in ${result.arrivedSeconds} s through ${result.arrivalEvents} events; ${result.fullReloads} full reloads, ${result.updates} updates`,
  )
  console.log(
    `peak RSS ${result.peakRssMb} MB (warm ${result.warmPeakRssMb} MB); ${result.requests} requests to the fake`,
  )
  console.log(JSON.stringify(result))
}

try {
  await (PREVIEWS ? previewsRun() : startupRun())
} finally {
  await slow.close()
  await rm(cold, { recursive: true, force: true })
  await rm(warm, { recursive: true, force: true })
}
