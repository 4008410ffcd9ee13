// How close the dry-run estimate comes to what a run costs: a mixed manifest (every GPT image model,
// sizes, qualities, n > 1, edits of 1 to 4 input images) is estimated as `imagegen generate --dry-run`
// estimates it, then generated against the fake, whose `usage` follows OpenAI's published token
// counts, and priced from that usage. Target: within ±10 %. Run after `pnpm build`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { costFromUsage, createImagegen, estimateCostOf } from '@imagegen/core/internal'
import { startFakeOpenAI } from '@imagegen/openai-fake'

// sharp is a dependency of @imagegen/core, not of the bench package.
const sharp = createRequire(new URL('../packages/core/package.json', import.meta.url))('sharp')

const INPUTS = { square: [1024, 1024], wide: [1536, 1024], tall: [512, 768], strip: [2048, 512] }
const entries = [
  ['g1-low', { model: 'gpt-image-1', quality: 'low', size: '1024x1024' }],
  ['g1-medium-pair', { model: 'gpt-image-1', quality: 'medium', size: '1536x1024', n: 2 }],
  ['g1-high', { model: 'gpt-image-1', quality: 'high', size: '1024x1536' }],
  ['mini-low', { model: 'gpt-image-1-mini', quality: 'low', size: '1024x1536' }],
  ['mini-medium-three', { model: 'gpt-image-1-mini', quality: 'medium', size: '1024x1024', n: 3 }],
  ['mini-high', { model: 'gpt-image-1-mini', quality: 'high', size: '1536x1024' }],
  ['g15-low', { model: 'gpt-image-1.5', quality: 'low', size: '1536x1024' }],
  ['g15-medium', { model: 'gpt-image-1.5', quality: 'medium', size: '1024x1536' }],
  ['g15-high-pair', { model: 'gpt-image-1.5', quality: 'high', size: '1024x1024', n: 2 }],
  ['g2-low-wide', { model: 'gpt-image-2', quality: 'low', size: '2048x1152' }],
  ['g2-medium', { model: 'gpt-image-2', quality: 'medium', size: '1024x1024' }],
  ['g2-high-pair', { model: 'gpt-image-2', quality: 'high', size: '1536x1024', n: 2 }],
  ['edit-g1-one', { model: 'gpt-image-1', quality: 'low', size: '1024x1024', images: ['square'] }],
  [
    'edit-g1-faithful',
    { model: 'gpt-image-1', quality: 'medium', size: '1024x1024', images: ['wide'], input_fidelity: 'high' },
  ],
  [
    'edit-g15-two',
    { model: 'gpt-image-1.5', quality: 'medium', size: '1536x1024', images: ['wide', 'tall'] },
  ],
  [
    'edit-mini-three',
    { model: 'gpt-image-1-mini', quality: 'low', size: '1024x1024', images: ['square', 'tall', 'strip'] },
  ],
  [
    'edit-latest-four',
    {
      model: 'chatgpt-image-latest',
      quality: 'medium',
      size: '1024x1024',
      images: ['square', 'wide', 'tall', 'strip'],
    },
  ],
  [
    'edit-g2-pair',
    { model: 'gpt-image-2', quality: 'low', size: '1024x1536', n: 2, images: ['tall', 'square'] },
  ],
]

function manifest() {
  const lines = ['images:']
  for (const [name, { images, ...request }] of entries) {
    lines.push(`  ${name}:`, `    prompt: A watercolor otter for ${name}, floating among kelp at dawn`)
    for (const [field, value] of Object.entries(request)) lines.push(`    ${field}: ${value}`)
    if (images) lines.push(`    images: [${images.map((input) => `./${input}.png`).join(', ')}]`)
  }
  return `${lines.join('\n')}\n`
}

const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-spend-'))
const fake = await startFakeOpenAI()
try {
  await writeFile(join(root, 'images.yaml'), manifest())
  for (const [name, [width, height]] of Object.entries(INPUTS)) {
    const pixels = { width, height, channels: 3, background: { r: 40, g: 120, b: 160 } }
    await sharp({ create: pixels })
      .png()
      .toFile(join(root, `${name}.png`))
  }
  const env = { OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: fake.url, IMAGEGEN_MODE: 'generate' }
  const imagegen = createImagegen({ root, env, concurrency: 4 })
  const planned = await imagegen.plan((await imagegen.loadManifests()).flatMap((each) => each.entries))
  // The dry run's figure, entry by entry: the recipe and the input files' sizes, nothing sent.
  const inputPaths = ({ entry }) =>
    [...entry.images, ...(entry.mask ? [entry.mask] : [])].map((f) => f.absolutePath)
  const estimates = await Promise.all(planned.map((item) => estimateCostOf(item.recipe, inputPaths(item))))
  if (fake.requests.length !== 0) throw new Error('the estimate sent a request')

  const report = await imagegen.generate(planned)
  if (report.failed.length > 0)
    throw new Error(report.failed.map((failure) => failure.error.message).join('\n'))
  const rows = await Promise.all(
    planned.map(async (item, index) => {
      const record = await imagegen.store.readRecipe(item.key)
      const actual = costFromUsage(item.recipe, record?.usage, record?.outputs.length ?? 0)
      return { entry: item.entry.name, estimated: estimates[index], actual }
    }),
  )
  await imagegen.close()

  const estimated = rows.reduce((sum, row) => sum + row.estimated, 0)
  const actual = report.actualCost
  const ratio = estimated / actual
  const worst = rows.reduce((most, row) => Math.max(most, Math.abs(row.estimated / row.actual - 1)), 0)
  for (const row of rows) {
    console.log(
      `${row.entry.padEnd(20)} est. $${row.estimated.toFixed(5)}  usage $${row.actual.toFixed(5)}  ${((row.estimated / row.actual - 1) * 100).toFixed(1)} %`,
    )
  }
  console.log(
    `spend estimate: ${rows.length} entries, ${report.generatedImages} images: estimated $${estimated.toFixed(4)} vs $${actual.toFixed(4)} from the fake's usage → ratio ${ratio.toFixed(3)} (worst entry ${(worst * 100).toFixed(1)} % off)`,
  )
  console.log(
    JSON.stringify({
      bench: 'spend-estimate',
      entries: rows.length,
      images: report.generatedImages,
      estimatedUsd: Number(estimated.toFixed(4)),
      actualUsd: Number(actual.toFixed(4)),
      ratio: Number(ratio.toFixed(3)),
      worstEntryPercent: Number((worst * 100).toFixed(1)),
    }),
  )
  if (Math.abs(ratio - 1) > 0.1) process.exitCode = 1
} finally {
  await fake.close()
  await rm(root, { recursive: true, force: true })
}
