// `pnpm bench`: runs every benchmark in its own process, collects the JSON line each prints last, and
// writes bench/RESULTS.md with the numbers, what each is measured against, the machine and the date.
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * Each benchmark: its script, its arguments, and how to read its JSON into a row of the report; one
 * that fills several rows says which titles are its own (`owns`), so that a run of others keeps them.
 */
const benchmarks = [
  {
    script: 'makespan.mjs',
    title: 'Cold makespan, 64 images, concurrency 8, 500 ms fake latency',
    row: (r) => [`${r.seconds ?? r.makespanSeconds} s`, `ideal ${r.idealSeconds ?? 4} s`, r.ratio, '≤ 1.10'],
  },
  {
    script: 'makespan.mjs',
    args: ['--provider', 'google'],
    title: 'Cold makespan, 64 Imagen images (Gemini API fake), concurrency 8, 500 ms fake latency',
    row: (r) => [`${r.seconds} s`, `ideal ${r.idealSeconds} s`, r.ratio, '≤ 1.10'],
  },
  {
    script: 'makespan.mjs',
    args: ['--provider', 'fal'],
    title: 'Cold makespan, 64 FLUX schnell images (fal fake), concurrency 8, 500 ms fake latency',
    row: (r) => [`${r.seconds} s`, `ideal ${r.idealSeconds} s`, r.ratio, '≤ 1.10'],
  },
  ...['openai', 'google', 'fal'].map((provider) => ({
    script: 'makespan.mjs',
    args: ['--provider', provider, '--rpm', '48'],
    title: `Makespan under a 48 requests/min limit, ${provider} fake (its own 429 answers), 64 images`,
    row: (r) => [`${r.seconds} s (${r.rateLimited} × 429)`, `ideal ${r.idealSeconds} s`, r.ratio, '—'],
  })),
  {
    script: 'warm-build.mjs',
    title: 'Warm Vite build, 200 entries × 2 widths',
    row: (r) => [`${r.imagegenMs} ms`, `plain static imports ${r.baselineMs} ms`, r.ratio, '≤ 1.15'],
  },
  {
    script: 'vite-command.mjs',
    title: 'Warm `vite build` command, fresh process',
    owns: /^(Warm `vite build` command|JS chunk of that app|Importing `)/,
    rows: (r) => [
      ...Object.entries(r.sizes).map(([entries, size]) => [
        `Warm \`vite build\` command, fresh process, ${entries} entries × 2 widths`,
        `${size.imagegenMs} ms`,
        `plain static imports ${size.plainMs} ms`,
        size.ratio,
        entries === '200' ? '≤ 1.10' : '≤ 1.0',
      ]),
      ...Object.entries(r.sizes).map(([entries, size]) => [
        `JS chunk of that app, ${entries} entries`,
        `${size.chunkBytes.imagegen.raw} B (gzip ${size.chunkBytes.imagegen.gzip} B)`,
        `plain static imports ${size.chunkBytes.plain.raw} B (gzip ${size.chunkBytes.plain.gzip} B)`,
        size.chunkRatio,
        entries === '200' ? '≤ 2' : '—',
      ]),
      ...Object.entries(r.importMs)
        .filter(([specifier]) => specifier !== 'vite')
        .map(([specifier, ms]) => [
          `Importing \`${specifier}\` in a fresh process`,
          `${ms} ms`,
          `\`vite\` ${r.importMs.vite} ms`,
          '—',
          specifier === 'unplugin-imagegen/vite' ? '≤ 60 ms' : '—',
        ]),
    ],
  },
  {
    script: 'pipeline-memory.mjs',
    title: 'Cold pipeline run, 200 sources of 1536x1024, peak RSS',
    row: (r) => [
      `${r.peakRssMb} MB`,
      `RSS before the run ${r.baselineRssMb} MB`,
      `${r.coldSeconds} s`,
      `< ${r.targetMb} MB`,
    ],
  },
  {
    script: 'dev-server.mjs',
    title: 'vite dev, 200 missing entries × 2 widths, 2 s fake latency: time to the manifest module',
    row: (r) => [
      `${r.coldModuleMs} ms`,
      `all stored (warm start) ${r.warmModuleMs} ms`,
      r.moduleRatio,
      '≤ 1.5',
    ],
  },
  {
    script: 'dev-server.mjs',
    title: 'vite dev, the same: every image URL answered (6 at a time, as a browser)',
    row: (r) => [`${r.urlsMs} ms`, `${r.urls} URLs, ${r.failedUrls} not 200`, '—', '< 1 s'],
  },
  {
    script: 'dev-server.mjs',
    title: 'vite dev, the same: full reloads while the images arrive (swapping client), peak RSS',
    row: (r) => [
      `${r.fullReloads} reloads, ${r.updates} updates`,
      `${r.arrivedUrls} URLs swapped by ${r.arrivalEvents} events in ${r.arrivedSeconds} s`,
      `${r.peakRssMb} MB (warm ${r.warmPeakRssMb} MB)`,
      '0 reloads',
    ],
  },
  {
    script: 'dev-server.mjs',
    args: ['--previews'],
    title:
      'vite dev, the same cold start streaming 2 previews per image (2 s, then 0.5 s per event): previews swapped in, peak RSS',
    row: (r) => [
      `${r.previewUrls} preview URLs + ${r.arrivedUrls} images by ${r.events} events in ${r.arrivedSeconds} s, ${r.fullReloads} reloads`,
      `partialImages: 0: ${r.plainEvents} events in ${r.plainArrivedSeconds} s, ${r.plainPeakRssMb} MB`,
      `${r.peakRssMb} MB (×${r.rssRatio})`,
      'RSS bounded by concurrency',
    ],
  },
  {
    script: 'manifest-load.mjs',
    title: 'Loading one manifest of 10,000 entries',
    row: (r) => [`${r.loadMs} ms`, `yaml.parse of the same text ${r.baselineMs} ms`, r.ratio, '—'],
  },
  {
    script: 'manifest-aliases.mjs',
    title: 'Loading one manifest of 16,000 YAML aliases (106 KiB)',
    row: (r) => [`${r.loadMs} ms`, `yaml.parse of the same text ${r.baselineMs} ms`, r.ratio, '< 1000 ms'],
  },
  {
    script: 'spend-estimate.mjs',
    title:
      'Dry-run estimate vs cost from usage, 18 mixed entries (every GPT image model, edits of 1-4 inputs)',
    row: (r) => [
      `$${r.estimatedUsd}`,
      `$${r.actualUsd} from the fake's usage (worst entry ${r.worstEntryPercent} %)`,
      r.ratio,
      '0.90–1.10',
    ],
  },
  {
    script: 'remote.mjs',
    title: 'Remote store',
    owns: /remote|^Pull of/,
    rows: (r) =>
      ['nginx', 's3rver'].flatMap((name) => [
        [
          `8 runner processes, empty local stores, one ${name} remote (leases with a 3 s settle pause), ${r.images} new images, ${r.latencyMs} ms fake latency`,
          `${r[`${name}Requests`]} image requests, makespan ${r[`${name}Seconds`]} s`,
          `one runner at concurrency ${r.runners * 4}, no remote: ${r.baselineSeconds} s`,
          degradedOr(r, name, r[`${name}Ratio`]),
          `${r.images} requests`,
        ],
        [
          `Pull of ${r.pullEntries} entries from a full ${name} remote into an empty store`,
          `${r[`${name}PullSeconds`]} s`,
          `warm local run (every entry stored) ${r[`${name}WarmLocalSeconds`]} s`,
          degradedOr(r, name, r[`${name}PullRatio`]),
          '—',
        ],
      ]),
  },
]

/** A remote run that fell back to local measured no remote: its row says so instead of a ratio. */
function degradedOr(result, name, ratio) {
  const why = result[`${name}Degraded`]
  return why ? `**DEGRADED, not a result** (${why})` : ratio
}

// A script (with its arguments) that fills several rows runs once.
const results = new Map()
function runScript(script, args = []) {
  const id = [script, ...args].join(' ')
  if (results.has(id)) return results.get(id)
  console.log(`\n== ${id}`)
  const run = spawnSync(process.execPath, [join(here, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  process.stdout.write(run.stdout ?? '')
  const json = (run.stdout ?? '')
    .split('\n')
    .filter((line) => line.startsWith('{"bench"'))
    .at(-1)
  const parsed = json ? JSON.parse(json) : undefined
  // A script that exits 1 with a result marked degraded has rows that say so; any other failure has none.
  const result = (run.status === 0 || parsed?.degraded) && parsed ? parsed : { failed: `exit ${run.status}` }
  results.set(id, result)
  return result
}

// `node bench/run.mjs remote.mjs` runs only the benchmarks named and keeps the other rows of RESULTS.md;
// a script with its arguments (`'dev-server.mjs --previews'`) names only that run of it.
const only = process.argv.slice(2)
const named = (bench) =>
  only.includes(bench.script) || only.includes([bench.script, ...(bench.args ?? [])].join(' '))
const selected = only.length > 0 ? benchmarks.filter(named) : benchmarks
const kept = only.length > 0 ? await previousRows(benchmarks.filter((bench) => !named(bench))) : []

const rows = []
for (const bench of selected) {
  const result = runScript(bench.script, bench.args)
  if (result.failed) rows.push([bench.title, 'failed', result.failed, '', '', ''])
  else if (bench.rows) rows.push(...bench.rows(result))
  else rows.push([bench.title, ...bench.row(result)])
}
rows.unshift(...kept)

/** The rows RESULTS.md already has for benchmarks not run now, in their order. */
async function previousRows(others) {
  const text = await readFile(join(here, 'RESULTS.md'), 'utf8').catch(() => '')
  const lines = text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| benchmark') && !line.startsWith('| ---'))
  const cells = lines.map((line) => line.slice(2, -2).split(' | '))
  return cells.filter((row) =>
    others.some((bench) => (bench.owns ? bench.owns.test(row[0]) : bench.title === row[0])),
  )
}

const cpu = cpus()
const table = [
  '| benchmark | measured | against | ratio / time | target |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
]
const report = `# Benchmark results

Written by \`pnpm bench\` (bench/run.mjs); each benchmark runs in its own process and measures imagegen
against a baseline run in that same process, so the ratios hold across machines better than the times.

${table.join('\n')}

- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}
- Node.js ${process.version}
- Load average when written: ${loadavg()[0].toFixed(1)} (other work on the machine slows every time alike; ratios hold better)
- Date: ${new Date().toISOString().slice(0, 10)}
`
await writeFile(join(here, 'RESULTS.md'), report)
console.log(`\n${table.join('\n')}\n\nwritten to bench/RESULTS.md`)
