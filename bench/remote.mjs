// Remote store: (1) the 8-runner cold run — eight `imagegen generate` processes, each with an empty
// local store, 32 missing images, one shared remote, the fake at 1 s latency: how many image requests
// reached the API (32 is right) and the makespan against one process with the same total concurrency
// and no remote, measured in the same run. (2) A warm pull: 200 entries copied from a full remote into an
// empty local store by `imagegen pull`, against a warm local run (`imagegen generate` with every entry
// already stored). Both remotes: nginx WebDAV and s3rver. Needs `pnpm build` and nginx on PATH.
//
// A run in which the remote degraded (a runner warned that it was unavailable or refused a write, or the
// image requests differ from the image count) measured local generation, not the remote: its row says
// DEGRADED instead of a ratio, and the script exits 1.
//
//   node bench/remote.mjs [--runners 8] [--images 32] [--latency 1000] [--pull 200]
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startFakeOpenAI } from '../packages/openai-fake/dist/index.js'
import { startNginx, startS3rver } from '../test/helpers/remote-servers.mjs'

const CLI = new URL('../packages/cli/dist/cli.js', import.meta.url).pathname
const { values } = parseArgs({
  options: {
    runners: { type: 'string', default: '8' },
    images: { type: 'string', default: '32' },
    latency: { type: 'string', default: '1000' },
    pull: { type: 'string', default: '200' },
  },
})
const RUNNERS = Number(values.runners)
const IMAGES = Number(values.images)
const LATENCY = Number(values.latency)
const PULL = Number(values.pull)
const PER_RUNNER = 4

function manifest(count, prefix) {
  const lines = ['defaults:', '  model: dall-e-2', '  size: 256x256', '', 'images:']
  for (let index = 1; index <= count; index++)
    lines.push(`  image-${index}:`, `    prompt: ${prefix} ${index}`)
  return `${lines.join('\n')}\n`
}

/**
 * Patient remote settings, as the tests use: on a busy machine a request can take seconds, a timeout
 * would degrade to local, and without conditional writes the settle pause must outlast a competitor's
 * read and write.
 */
const PATIENT_CONFIG = 'export default { remote: { timeoutMs: 60_000, settleMs: 3_000 } }\n'

async function project(count, prefix) {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-remote-'))
  await writeFile(join(root, 'images.yaml'), manifest(count, prefix))
  await writeFile(join(root, 'imagegen.config.mjs'), PATIENT_CONFIG)
  return root
}

/** The lines in which runners said the remote failed them (unavailable, refused a write, …). */
function remoteWarnings(stderrs) {
  const lines = stderrs.flatMap((stderr) => stderr.split('\n'))
  return [...new Set(lines.filter((line) => /the remote .*(unavailable|refused|failed)/.test(line)))]
}

function cli(args, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(stderr) : reject(new Error(`imagegen ${args[0]} exited ${code}: ${stderr}`)),
    )
  })
}

async function timed(run) {
  const started = performance.now()
  const value = await run()
  return { seconds: (performance.now() - started) / 1000, value }
}

let instant
const fake = await startFakeOpenAI({ latencyMs: LATENCY })
const api = { OPENAI_API_KEY: 'fake-key-imagegen-bench-remote', OPENAI_BASE_URL: fake.url }
const result = { bench: 'remote', runners: RUNNERS, images: IMAGES, latencyMs: LATENCY, pullEntries: PULL }
try {
  // The baseline: one process with all the runners' concurrency, no remote.
  const alone = await project(IMAGES, 'Baseline, one runner, study')
  const { seconds: baselineSeconds } = await timed(() =>
    cli(['generate', '--concurrency', String(RUNNERS * PER_RUNNER)], alone, api),
  )
  result.baselineSeconds = round(baselineSeconds)

  for (const [name, start] of [
    ['nginx', startNginx],
    ['s3rver', startS3rver],
  ]) {
    const remote = await start()
    try {
      const env = { ...api, IMAGEGEN_REMOTE: remote.url, ...remote.env }
      const roots = await Promise.all(
        Array.from({ length: RUNNERS }, () => project(IMAGES, `Cold ${name}, study`)),
      )
      const before = fake.requests.length
      const cold = await timed(() =>
        Promise.all(roots.map((root) => cli(['generate', '--concurrency', String(PER_RUNNER)], root, env))),
      )
      const requests = fake.requests.length - before
      result[`${name}Requests`] = requests
      result[`${name}Seconds`] = round(cold.seconds)
      result[`${name}Ratio`] = round(cold.seconds / baselineSeconds)

      // Warm pull: a writer fills the remote with PULL entries, a fresh runner pulls them.
      const writer = await project(PULL, `Pull ${name}, study`)
      const filled = await cli(['generate', '--concurrency', '16'], writer, {
        ...env,
        OPENAI_BASE_URL: (await instantFake()).url,
      })
      const warmLocal = await timed(() => cli(['generate'], writer, api))
      const reader = await project(PULL, `Pull ${name}, study`)
      const pull = await timed(() => cli(['pull'], reader, { IMAGEGEN_REMOTE: remote.url, ...remote.env }))
      result[`${name}PullSeconds`] = round(pull.seconds)
      result[`${name}WarmLocalSeconds`] = round(warmLocal.seconds)
      result[`${name}PullRatio`] = round(pull.seconds / warmLocal.seconds)

      const problems = remoteWarnings([...cold.value, filled])
      if (requests !== IMAGES) problems.unshift(`${requests} image requests for ${IMAGES} images`)
      if (problems.length > 0) {
        result[`${name}Degraded`] = problems.join('; ')
        result.degraded = true
      }
    } finally {
      await remote.stop()
    }
  }
} finally {
  await fake.close()
  await instant?.close()
}

/** A second fake without latency, to fill the remote for the pull quickly. */
async function instantFake() {
  instant ??= await startFakeOpenAI()
  return instant
}

function round(value) {
  return Math.round(value * 100) / 100
}

console.log(JSON.stringify(result))
for (const name of ['nginx', 's3rver']) {
  const why = result[`${name}Degraded`]
  if (why) console.error(`\nDEGRADED: the ${name} run measured no shared remote, so it is no result: ${why}`)
}
if (result.degraded) process.exitCode = 1
