// `pnpm bench`: runs every benchmark in its own process, collects the JSON line each prints last, and
// writes bench/RESULTS.md with the numbers, what each is measured against, the machine and the date.
import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Each benchmark: its script, its arguments, and how to read its JSON into a row of the report. */
const benchmarks = [
  {
    script: 'makespan.mjs',
    title: 'Cold makespan, 64 images, concurrency 8, 500 ms fake latency',
    row: (r) => [`${r.seconds ?? r.makespanSeconds} s`, `ideal ${r.idealSeconds ?? 4} s`, r.ratio, '≤ 1.10'],
  },
  {
    script: 'warm-build.mjs',
    title: 'Warm Vite build, 200 entries × 2 widths',
    row: (r) => [`${r.imagegenMs} ms`, `plain static imports ${r.baselineMs} ms`, r.ratio, '≤ 1.15'],
  },
  {
    script: 'vite-command.mjs',
    title: 'Warm `vite build` command, fresh process',
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
    script: 'manifest-load.mjs',
    title: 'Loading one manifest of 10,000 entries',
    row: (r) => [`${r.loadMs} ms`, `yaml.parse of the same text ${r.baselineMs} ms`, r.ratio, '—'],
  },
]

const rows = []
for (const bench of benchmarks) {
  console.log(`\n== ${bench.script}`)
  const run = spawnSync(process.execPath, [join(here, bench.script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  process.stdout.write(run.stdout ?? '')
  const json = (run.stdout ?? '')
    .split('\n')
    .filter((line) => line.startsWith('{"bench"'))
    .at(-1)
  if (run.status !== 0 || !json) {
    rows.push([bench.title, 'failed', `exit ${run.status}`, '', '', ''])
    continue
  }
  const result = JSON.parse(json)
  if (bench.rows) rows.push(...bench.rows(result))
  else rows.push([bench.title, ...bench.row(result)])
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
