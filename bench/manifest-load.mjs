// Loading a manifest of 10,000 entries: imagegen's full load (parse with positions, schema, per-model
// rules, defaults, export names) against plain `yaml.parse` of the same text, both in this process.
// Prints the ratio. Run after `pnpm build`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifest } from '@imagegen/core/internal'
import { parse } from 'yaml'

const ENTRIES = Number(process.argv[2] ?? 10_000)
const ROUNDS = 5
const models = ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-2', 'dall-e-3']
const sizes = {
  'gpt-image-1': '1536x1024',
  'gpt-image-1.5': '1024x1024',
  'gpt-image-2': '2048x768',
  'dall-e-3': '1792x1024',
}

const lines = [
  'defaults:',
  '  quality: high',
  '  transform: { format: webp, widths: [640, 1280] }',
  '',
  'images:',
]
for (let index = 0; index < ENTRIES; index++) {
  const model = models[index % models.length]
  lines.push(
    `  entry-${index}:`,
    `    model: ${model}`,
    `    prompt: A watercolor study of an otter, number ${index}, floating among kelp in soft light`,
    `    size: ${sizes[model]}`,
    `    alt: Study ${index}`,
    ...(index % 3 === 0 ? ['    placeholder: blur'] : []),
  )
}

const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-manifest-'))
try {
  const file = join(root, 'images.yaml')
  await writeFile(file, `${lines.join('\n')}\n`)

  const time = async (run) => {
    await run() // warm-up: JIT and module caches, so both sides are measured alike
    const started = performance.now()
    for (let round = 0; round < ROUNDS; round++) await run()
    return (performance.now() - started) / ROUNDS
  }
  const baselineMs = await time(async () => parse(await readFile(file, 'utf8')))
  let count = 0
  const loadMs = await time(async () => {
    count = (await loadManifest(file, { root })).entries.length
  })
  if (count !== ENTRIES) throw new Error(`loaded ${count} entries, expected ${ENTRIES}`)
  const ratio = loadMs / baselineMs
  console.log(
    `manifest load: ${ENTRIES} entries in ${loadMs.toFixed(0)} ms vs yaml.parse ${baselineMs.toFixed(0)} ms → ratio ${ratio.toFixed(2)} (${((loadMs / ENTRIES) * 1000).toFixed(1)} µs per entry)`,
  )
  console.log(
    JSON.stringify({
      bench: 'manifest-load',
      entries: ENTRIES,
      loadMs: Math.round(loadMs),
      baselineMs: Math.round(baselineMs),
      ratio: Number(ratio.toFixed(2)),
    }),
  )
} finally {
  await rm(root, { recursive: true, force: true })
}
