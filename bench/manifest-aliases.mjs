// Loading a manifest of 16,000 YAML aliases: imagegen's full load against plain `yaml.parse` of the
// same text, both in this process. Each alias used to be resolved by walking the whole document, so
// this took over a minute; the target is under a second. Run after `pnpm build`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifest } from '@imagegen/core/internal'
import { parse } from 'yaml'

const ALIASES = Number(process.argv[2] ?? 16_000)
const WIDTHS = 160
const ROUNDS = 3

// The first entry anchors 160 widths; every other entry aliases all of them: 16,000 aliases in about
// 110 KB, the shape that used to take over a minute.
const anchors = Array.from({ length: WIDTHS }, (_, index) => `&w${index} ${16 * (index + 1)}`)
const aliasList = Array.from({ length: WIDTHS }, (_, index) => `*w${index}`).join(', ')
const lines = ['images:', `  e0: { prompt: An otter, transform: { widths: [${anchors.join(', ')}] } }`]
const entries = 1 + Math.ceil(ALIASES / WIDTHS)
for (let entry = 1; entry < entries; entry++) {
  lines.push(`  e${entry}: { prompt: An otter ${entry}, transform: { widths: [${aliasList}] } }`)
}
const aliases = (entries - 1) * WIDTHS
const text = `${lines.join('\n')}\n`

const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-aliases-'))
try {
  const file = join(root, 'images.yaml')
  await writeFile(file, text)
  const time = async (run, rounds) => {
    await run() // warm-up: JIT and module caches, so both sides are measured alike
    const started = performance.now()
    for (let round = 0; round < rounds; round++) await run()
    return (performance.now() - started) / rounds
  }
  let count = 0
  const loadMs = await time(async () => {
    count = (await loadManifest(file, { root })).entries.length
  }, ROUNDS)
  if (count !== entries) throw new Error(`loaded ${count} entries, expected ${entries}`)
  // yaml.parse resolves each alias by scanning every anchor and alias before it: quadratic, and slow
  // enough at this size that one round tells enough.
  const baselineMs = await time(async () => parse(await readFile(file, 'utf8'), { maxAliasCount: -1 }), 1)
  const ratio = loadMs / baselineMs
  console.log(
    `manifest aliases: ${aliases} aliases (${entries} entries, ${(text.length / 1024).toFixed(0)} KiB) loaded in ${loadMs.toFixed(0)} ms vs yaml.parse ${baselineMs.toFixed(0)} ms → ratio ${ratio.toFixed(2)}`,
  )
  console.log(
    JSON.stringify({
      bench: 'manifest-aliases',
      aliases,
      entries,
      kib: Math.round(text.length / 1024),
      loadMs: Math.round(loadMs),
      baselineMs: Math.round(baselineMs),
      ratio: Number(ratio.toFixed(3)),
    }),
  )
} finally {
  await rm(root, { recursive: true, force: true })
}
