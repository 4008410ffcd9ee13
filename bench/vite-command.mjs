// What a user's warm `vite build` costs as the command it is: each build a fresh Node process running
// Vite's CLI, of an app importing N manifest entries (× 2 webp widths) through imagegen with everything
// stored and derived, against the same app importing the same 2N files as plain static imports. Rounds
// are interleaved in alternating order; prints medians and the median of per-round ratios (targets:
// ≤ 1.10 at 200 entries, ≤ 1.0 at 1000). Then the cost of importing each public entry point in a fresh
// process, and the size of each app's JS chunk. Run after `pnpm build`.
// `node bench/vite-command.mjs [rounds] [entries…]`, by default 9 rounds of 200 and 1000 entries; under
// bench/run.mjs, BENCH_ROUNDS and BENCH_SIZES (comma-separated, `none` for the imports alone) stand for them.
// BENCH_KEEP=1 leaves the apps in place to look at. BENCH_PACKAGES=<dir> measures the packages (core, unplugin) built in another folder, e.g. an older commit's.
import { execFile, spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { startFakeOpenAI } from '@imagegen/openai-fake'

const [roundsArg = process.env.BENCH_ROUNDS ?? '9', ...sizeArgs] = process.argv.slice(2)
const ROUNDS = Number(roundsArg)
const sizeList = sizeArgs.length > 0 ? sizeArgs : (process.env.BENCH_SIZES ?? '200,1000').split(',')
const SIZES = sizeList.filter((size) => size !== 'none').map(Number)
const ENTRY_POINTS = ['vite', 'rollup', 'webpack', 'rspack', 'esbuild', 'next', 'astro', 'nuxt'].map(
  (bundler) => `unplugin-imagegen/${bundler}`,
)
/** Both apps put every image on the page, so that no URL can be left out of their chunks. */
const RENDER = `const render = (images) => {
  for (const { src, srcset = '', alt = '' } of images) document.body.append(Object.assign(new Image(), { src, srcset, alt }))
}
render`
const here = dirname(fileURLToPath(import.meta.url))
const packages = process.env.BENCH_PACKAGES ?? join(here, '..', 'packages')
const viteDir = dirname(
  createRequire(join(packages, 'unplugin', 'package.json')).resolve('vite/package.json'),
)
const viteBin = join(viteDir, 'bin', 'vite.js')

const work = await mkdtemp(join(tmpdir(), 'imagegen-vite-command-'))
const fake = await startFakeOpenAI()
try {
  // A project outside the workspace, with the packages linked in as an install would put them.
  await mkdir(join(work, 'node_modules', '@imagegen'), { recursive: true })
  await symlink(viteDir, join(work, 'node_modules', 'vite'), 'dir')
  await symlink(join(packages, 'unplugin'), join(work, 'node_modules', 'unplugin-imagegen'), 'dir')
  await symlink(join(packages, 'core'), join(work, 'node_modules', '@imagegen', 'core'), 'dir')

  // Cold, untimed: the largest app generates every entry (the smaller ones are its first entries and
  // share its store and derivative cache), then each app's output gives the plain app its files.
  const apps = [...SIZES].sort((a, b) => b - a)
  for (const entries of apps) await writeImagegenApp(entries)
  for (const entries of apps) {
    const started = performance.now()
    // Asynchronously: the fake server answering it runs in this process.
    await promisify(execFile)(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
      cwd: join(work, `imagegen-${entries}`),
      env: {
        ...process.env,
        CI: '',
        IMAGEGEN_MODE: 'generate',
        OPENAI_API_KEY: 'sk-bench',
        OPENAI_BASE_URL: fake.url,
      },
    })
    console.log(`cold build of ${entries} entries: ${Math.round(performance.now() - started)} ms`)
    await writePlainApp(entries)
  }

  const builds = SIZES.flatMap((entries) => [`imagegen-${entries}`, `plain-${entries}`])
  for (const app of builds) viteBuild(app) // warm-up: the file system's caches, Vite's dep scan
  const times = Object.fromEntries(builds.map((app) => [app, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const app of round % 2 ? [...builds].reverse() : builds) times[app].push(viteBuild(app))
  }

  const results = { bench: 'vite-command', rounds: ROUNDS, sizes: {}, importMs: {} }
  for (const entries of SIZES) {
    const imagegen = times[`imagegen-${entries}`]
    const plain = times[`plain-${entries}`]
    const ratios = imagegen.map((ms, round) => ms / plain[round])
    const chunk = {
      imagegen: await chunkSize(`imagegen-${entries}`),
      plain: await chunkSize(`plain-${entries}`),
    }
    results.sizes[entries] = {
      imagegenMs: Math.round(median(imagegen)),
      plainMs: Math.round(median(plain)),
      ratio: round2(median(ratios)),
      ratios: ratios.map(round2),
      chunkBytes: chunk,
      chunkRatio: round2(chunk.imagegen.raw / chunk.plain.raw),
    }
    console.log(
      `${entries} entries, warm \`vite build\` (ms): imagegen ${list(imagegen)}; plain ${list(plain)}`,
    )
    console.log(
      `  medians ${results.sizes[entries].imagegenMs} / ${results.sizes[entries].plainMs} ms; per-round ratios ${results.sizes[entries].ratios.join(', ')}; median ratio ${results.sizes[entries].ratio}`,
    )
    console.log(
      `  JS chunk: imagegen ${JSON.stringify(chunk.imagegen)}, plain ${JSON.stringify(chunk.plain)}`,
    )
  }

  // Each entry point imported in a fresh process, timed inside it, interleaved; Vite's own for scale.
  const specifiers = [...ENTRY_POINTS, '@imagegen/core', 'vite']
  const imports = Object.fromEntries(specifiers.map((specifier) => [specifier, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const specifier of specifiers) imports[specifier].push(importMs(specifier))
  }
  for (const specifier of specifiers) {
    results.importMs[specifier] = Math.round(median(imports[specifier]))
    console.log(
      `import ${specifier}: median ${results.importMs[specifier]} ms of ${list(imports[specifier])}`,
    )
  }
  console.log(JSON.stringify(results))
} finally {
  await fake.close()
  if (process.env.BENCH_KEEP) console.log(`kept the apps in ${work}`)
  else await rm(work, { recursive: true, force: true })
}

async function writeImagegenApp(entries) {
  const dir = join(work, `imagegen-${entries}`)
  await mkdir(dir)
  const lines = ['defaults:', '  model: gpt-image-1', '  quality: low', '  size: 1024x1024']
  lines.push('  transform: { format: webp, widths: [320, 640] }', '', 'images:')
  for (let index = 0; index < entries; index++) {
    lines.push(`  entry-${index}:`, `    prompt: Benchmark image number ${index}, a small still life`)
  }
  await writeFile(join(dir, 'images.yaml'), `${lines.join('\n')}\n`)
  await writeApp(
    dir,
    "import imagegen from 'unplugin-imagegen/vite'\n\nexport default { plugins: [imagegen({ storeDir: '../store', cacheDir: '../cache' })], build: { assetsInlineLimit: 0 } }\n",
    `import images from './images.yaml'\n\n${RENDER}(Object.values(images))\n`,
  )
}

/** The files the imagegen app emitted, imported one by one. */
async function writePlainApp(entries) {
  const dir = join(work, `plain-${entries}`)
  const files = (await readdir(join(work, `imagegen-${entries}`, 'dist', 'assets'))).filter((file) =>
    file.endsWith('.webp'),
  )
  if (files.length !== entries * 2) throw new Error(`expected ${entries * 2} webp files, got ${files.length}`)
  await mkdir(join(dir, 'images'), { recursive: true })
  // Named as a project names its own files (`entry-0-320.webp`): Vite adds its hash to them again.
  const names = files.map((file) => file.replace(/-[\w-]{8}\.webp$/, '.webp'))
  for (const [index, file] of files.entries()) {
    await cp(join(work, `imagegen-${entries}`, 'dist', 'assets', file), join(dir, 'images', names[index]))
  }
  const imports = names.map((file, index) => `import u${index} from './images/${file}'`)
  const urls = files.map((_, index) => `u${index}`).join(', ')
  // Vite would inline small files as data: URLs; both apps emit every file.
  await writeApp(
    dir,
    'export default { build: { assetsInlineLimit: 0 } }\n',
    `${imports.join('\n')}\n\n${RENDER}([${urls}].map((src) => ({ src })))\n`,
  )
}

async function writeApp(dir, config, main) {
  await writeFile(join(dir, 'vite.config.mjs'), config)
  await writeFile(join(dir, 'main.js'), main)
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html>\n<script type="module" src="/main.js"></script>\n',
  )
}

/** One warm `vite build` in a fresh process; its wall time in ms. Frozen: a miss fails, nothing generates. */
function viteBuild(app) {
  const started = performance.now()
  const run = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: join(work, app),
    env: { ...process.env, CI: '', OPENAI_API_KEY: '', IMAGEGEN_MODE: 'frozen' },
    encoding: 'utf8',
  })
  const elapsed = performance.now() - started
  if (run.status !== 0) throw new Error(`vite build of ${app} failed (${run.status}):\n${run.stderr}`)
  return elapsed
}

function importMs(specifier) {
  const script = `const started = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - started)`
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: work,
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`importing ${specifier} failed:\n${run.stderr}`)
  return Number(run.stdout.trim())
}

async function chunkSize(app) {
  const assets = join(work, app, 'dist', 'assets')
  const [file] = (await readdir(assets)).filter((name) => name.endsWith('.js'))
  const bytes = await readFile(join(assets, file))
  return { raw: bytes.length, gzip: gzipSync(bytes).length }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function round2(value) {
  return Math.round(value * 100) / 100
}

function list(values) {
  return values.map((value) => Math.round(value)).join(', ')
}
