// A warm Vite build of 200 entries × 2 widths through imagegen, against the same app importing the same
// 400 image files as plain static imports, both built in this process with Vite's `build()` API. The
// store (and the derivative cache) are filled once, cold, against the fake server before any timing.
// Prints the ratio imagegen/plain (target ≤ 1.15). Run after `pnpm build`.
import { readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createImagegen } from '@imagegen/core'
import { createPipeline, deriveEntries, manifestModuleCode } from '@imagegen/core/internal'
import { startFakeOpenAI } from '@imagegen/openai-fake'

const ENTRIES = Number(process.argv[2] ?? 200)
const RUNS = 9
const here = dirname(fileURLToPath(import.meta.url))
// vite and unplugin-imagegen as packages/unplugin resolves them (this package does not depend on them).
const unpluginRequire = createRequire(join(here, '..', 'packages', 'unplugin', 'package.json'))
const { build } = await import(pathToFileURL(unpluginRequire.resolve('vite')).href)
const { default: imagegen } = await import(
  pathToFileURL(join(here, '..', 'packages', 'unplugin', 'dist', 'vite.js')).href
)

const root = await mkdtemp(join(tmpdir(), 'imagegen-warm-build-'))
const fake = await startFakeOpenAI()
const quiet = { info() {}, warn() {}, error() {} }
const summary = []
const logger = {
  info: (message) => summary.push(message),
  warn() {},
  error: (message) => summary.push(message),
}

try {
  const lines = [
    'defaults:',
    '  model: gpt-image-1',
    '  quality: low',
    '  size: 1024x1024',
    '  transform: { format: webp, widths: [320, 640] }',
    '',
    'images:',
  ]
  for (let index = 0; index < ENTRIES; index++) {
    lines.push(`  entry-${index}:`, `    prompt: Benchmark image number ${index}, a small still life`)
  }
  await writeFile(join(root, 'images.yaml'), `${lines.join('\n')}\n`)
  await writeFile(
    join(root, 'imagegen-entry.js'),
    "import images from './images.yaml'\nexport default images\nconsole.log(Object.keys(images).length)\n",
  )

  const viteBuild = (input, outDir, plugins) =>
    build({
      root,
      configFile: false,
      logLevel: 'silent',
      customLogger: {
        ...quiet,
        warnOnce() {},
        clearScreen() {},
        hasErrorLogged: () => false,
        hasWarned: false,
      },
      plugins,
      build: {
        outDir: join(root, outDir),
        emptyOutDir: true,
        // Every file emitted in both apps: Vite would inline the plain app's small files instead.
        assetsInlineLimit: 0,
        rollupOptions: { input: join(root, input) },
      },
    })
  const options = (mode) => ({
    root,
    mode,
    cacheDir: join(root, '.cache'),
    env: { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.url },
    logger,
    dts: false,
  })

  // Cold: generate the 200 sources and derive the 400 files, untimed.
  let started = performance.now()
  await viteBuild('imagegen-entry.js', 'dist-cold', [imagegen(options('generate'))])
  console.log(
    `cold build (generate + derive): ${Math.round(performance.now() - started)} ms; ${summary.at(-1)}`,
  )

  // The plain app: the same 400 files the cold build emitted, as static imports.
  const assets = (await readdir(join(root, 'dist-cold', 'assets'))).filter((file) => file.endsWith('.webp'))
  if (assets.length !== ENTRIES * 2)
    throw new Error(`expected ${ENTRIES * 2} derived files, got ${assets.length}`)
  await mkdir(join(root, 'plain'))
  await cp(join(root, 'dist-cold', 'assets'), join(root, 'plain'), { recursive: true })
  const imports = assets.map((file, index) => `import u${index} from './plain/${file}'`)
  await writeFile(
    join(root, 'plain-entry.js'),
    `${imports.join('\n')}\nconst urls = [${assets.map((_, index) => `u${index}`).join(', ')}]\nexport default urls\nconsole.log(urls.length)\n`,
  )

  // Each warm build gets a fresh plugin, as a new `vite build` process would; frozen, so nothing generates.
  const imagegenBuild = () => viteBuild('imagegen-entry.js', 'dist-imagegen', [imagegen(options('frozen'))])
  const plainBuild = () => viteBuild('plain-entry.js', 'dist-plain', [])
  // Interleaved, and in alternating order, so drift in the machine's speed falls on both alike.
  await imagegenBuild() // warm-up
  await plainBuild()
  const runs = { imagegen: [], plain: [] }
  const timed = async (name, action) => {
    started = performance.now()
    await action()
    runs[name].push(performance.now() - started)
  }
  for (let round = 0; round < RUNS; round++) {
    const pair = [
      ['imagegen', imagegenBuild],
      ['plain', plainBuild],
    ]
    for (const [name, action] of round % 2 ? pair.reverse() : pair) await timed(name, action)
  }
  const median = (name, label) => {
    const sorted = [...runs[name]].sort((a, b) => a - b)
    const value = sorted[Math.floor(sorted.length / 2)]
    console.log(
      `${label}: median ${Math.round(value)} ms of ${runs[name].map((ms) => Math.round(ms)).join(', ')}`,
    )
    return value
  }
  const imagegenMs = median('imagegen', 'warm imagegen build')
  console.log(`  ${summary.at(-1)}`)
  const baselineMs = median('plain', 'plain static imports')

  // Where a warm imagegen module load spends its time, phase by phase, outside any bundler.
  const phases = await profileLoad()
  console.log(`warm load of the manifest module, by phase (ms): ${JSON.stringify(phases)}`)

  const ratio = Math.round((imagegenMs / baselineMs) * 100) / 100
  console.log(`ratio imagegen/plain: ${ratio} (target ≤ 1.15)`)
  console.log(
    JSON.stringify({
      bench: 'warm-build',
      entries: ENTRIES,
      files: ENTRIES * 2,
      imagegenMs: Math.round(imagegenMs),
      baselineMs: Math.round(baselineMs),
      ratio,
      phasesMs: phases,
    }),
  )

  async function profileLoad() {
    const phases = {}
    let mark = performance.now()
    const lap = (name) => {
      const now = performance.now()
      phases[name] = Math.round((now - mark) * 10) / 10
      mark = now
    }
    // The same caches the plugin used: its derivatives and its record of verified stored images.
    const engine = createImagegen({ root, mode: 'frozen', cacheDir: join(root, '.cache'), logger: quiet })
    const pipeline = createPipeline({ cacheDir: join(root, '.cache'), logger: quiet })
    lap('engine')
    const manifest = await engine.loadManifest(join(root, 'images.yaml'))
    lap('manifest load')
    const planned = await engine.plan(manifest.entries)
    lap('plan (recipe keys)')
    const resolved = await engine.resolve(planned)
    lap('resolve (store)')
    const derived = await deriveEntries(pipeline, resolved)
    lap('derive (cache)')
    const variants = []
    await manifestModuleCode(derived, {
      assetUrl: (asset) => {
        variants.push(asset.variant.file)
        return { expression: JSON.stringify(asset.name) }
      },
    })
    lap('module code')
    for (const file of variants) readFileSync(file) // as the plugin reads them
    lap(`read ${variants.length} files`)
    await engine.close()
    return phases
  }
} finally {
  await fake.close()
  await rm(root, { recursive: true, force: true })
}
