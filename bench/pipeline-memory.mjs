// Peak resident memory and time of a cold pipeline run over many distinct sources: a number to
// watch, not a pass/fail test. Needs the built package: `cd packages/core && pnpm build`.
//
//   node bench/pipeline-memory.mjs [--images 200] [--format webp|avif] [--concurrency N]
//
// WebP is the default: AVIF at sharp's default effort takes seconds per 1280px image on two cores,
// which would stretch 200 images far past a few minutes without telling more about memory.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createPipeline } from '../packages/core/dist/internal.js'

// sharp is a dependency of @imagegen/core, not of the workspace root; both copies share one libvips.
const sharp = createRequire(new URL('../packages/core/package.json', import.meta.url))('sharp')

const WIDTH = 1536
const HEIGHT = 1024
const TARGET_MB = 600
const SAMPLE_MS = 50

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    format: { type: 'string', default: 'webp' },
    concurrency: { type: 'string' },
    'generate-into': { type: 'string' },
  },
})
const count = Number(values.images)

if (values['generate-into']) {
  await generateSources(values['generate-into'], count)
} else {
  await measure(values.format, values.concurrency === undefined ? undefined : Number(values.concurrency))
}

async function measure(format, concurrency) {
  const work = await mkdtemp(join(tmpdir(), 'imagegen-bench-pipeline-'))
  try {
    console.log(
      `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${availableParallelism()} cores`,
    )
    if (format === 'webp')
      console.log('format: webp (avif takes seconds per image here; --format avif to measure it)')

    // In a child process, so that what making the sources costs stays out of the numbers measured here.
    const generating = performance.now()
    const sourcesDir = join(work, 'sources')
    await run(process.execPath, [
      fileURLToPath(import.meta.url),
      '--generate-into',
      sourcesDir,
      '--images',
      `${count}`,
    ])
    const listed = JSON.parse(await readFile(join(sourcesDir, 'sources.json'), 'utf8'))
    const sources = listed.files.map(({ file, hash }) => ({
      hash,
      format: 'png',
      width: WIDTH,
      height: HEIGHT,
      read: () => readFile(file),
    }))
    console.log(
      `generated ${count} distinct ${WIDTH}x${HEIGHT} PNG sources (${listed.averageMb} MB each) in ${seconds(generating)} s`,
    )

    const baseline = process.memoryUsage.rss()
    const peak = sampleRss()
    const pipeline = createPipeline({ cacheDir: join(work, 'cache'), concurrency })
    const transform = { format, widths: [640, 1280] }

    const cold = performance.now()
    const derived = await Promise.all(sources.map((source) => pipeline.derive(source, transform, 'blur')))
    const coldSeconds = seconds(cold)
    const peakMb = mb(peak.stop())

    const variants = derived.reduce((sum, image) => sum + image.variants.length, 0)
    const verdict = peakMb < TARGET_MB ? '' : '  OVER TARGET'
    console.log(
      `pipeline cold run: ${count} images, peak RSS ${peakMb} MB (target < ${TARGET_MB} MB), ${coldSeconds} s${verdict}`,
    )
    console.log(
      `  ${variants} ${format} variants + ${count} blur placeholders; RSS before the run ${mb(baseline)} MB`,
    )

    let reads = 0
    const counted = sources.map((source) => ({
      ...source,
      read: () => {
        reads++
        return source.read()
      },
    }))
    const warm = performance.now()
    const rewarmed = createPipeline({ cacheDir: pipeline.cacheDir, concurrency })
    await Promise.all(counted.map((source) => rewarmed.derive(source, transform, 'blur')))
    console.log(`pipeline warm run: ${count} images, ${seconds(warm)} s, ${reads} source reads`)
    console.log(
      JSON.stringify({
        bench: 'pipeline-memory',
        images: count,
        format,
        peakRssMb: peakMb,
        baselineRssMb: mb(baseline),
        targetMb: TARGET_MB,
        coldSeconds: Number(coldSeconds),
        warmSeconds: Number(seconds(warm)),
      }),
    )
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))))
  })
}

/**
 * Distinct, deterministic sources, made one at a time so that generating them holds one raw image in
 * memory at most, listed with their hashes in sources.json. Smooth shapes with a little grain, like a generated picture: a few MB of PNG each.
 */
async function generateSources(dir, total) {
  await mkdir(dir, { recursive: true })
  const sources = []
  let totalBytes = 0
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3)
  for (let seed = 1; seed <= total; seed++) {
    paint(pixels, seed)
    const bytes = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .png({ compressionLevel: 3 })
      .toBuffer()
    const file = join(dir, `${seed}.png`)
    await writeFile(file, bytes)
    totalBytes += bytes.length
    const hash = createHash('sha256').update(bytes).digest('hex')
    sources.push({ file, hash })
  }
  const averageMb = (totalBytes / total / 2 ** 20).toFixed(1)
  await writeFile(join(dir, 'sources.json'), JSON.stringify({ averageMb, files: sources }))
}

function paint(pixels, seed) {
  let state = seed * 2654435761
  const random = () => {
    state = (state * 1103515245 + 12345) >>> 0
    return state / 2 ** 32
  }
  const [fx, fy, phase, hue] = [random() * 0.02 + 0.002, random() * 0.02 + 0.002, random() * 6.3, random()]
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const wave = Math.sin(x * fx + phase) * Math.cos(y * fy - phase)
      const grain = (random() - 0.5) * 12
      const offset = (y * WIDTH + x) * 3
      pixels[offset] = 128 + 100 * wave * hue + grain
      pixels[offset + 1] = (x / WIDTH) * 200 + 30 * wave + grain
      pixels[offset + 2] = (y / HEIGHT) * 200 + 40 * (1 - hue) * wave + grain
    }
  }
}

function sampleRss() {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, SAMPLE_MS)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage.rss())
    },
  }
}

function mb(bytes) {
  return Math.round(bytes / 2 ** 20)
}

function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1)
}
