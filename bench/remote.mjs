// Remote store: (1) the 8-runner cold run — eight `imagegen generate` processes, each with an empty
// local store, 32 missing images, one shared remote, the fake at 1 s latency: how many image requests
// reached the API (32 is right) and the makespan against one process with the same total concurrency
// and no remote, measured in the same run. (2) A warm pull: 200 entries copied from a full remote into an
// empty local store by `imagegen pull`, against a warm local run (`imagegen generate` with every entry
// already stored). Both remotes: nginx WebDAV and s3rver. Needs `pnpm build` and nginx on PATH.
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

async function project(count, prefix) {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-bench-remote-'))
  await writeFile(join(root, 'images.yaml'), manifest(count, prefix))
  return root
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
      code === 0 ? resolve() : reject(new Error(`imagegen ${args[0]} exited ${code}: ${stderr}`)),
    )
  })
}

async function timed(run) {
  const started = performance.now()
  await run()
  return (performance.now() - started) / 1000
}

let instant
const fake = await startFakeOpenAI({ latencyMs: LATENCY })
const api = { OPENAI_API_KEY: 'fake-key-imagegen-bench-remote', OPENAI_BASE_URL: fake.url }
const result = { bench: 'remote', runners: RUNNERS, images: IMAGES, latencyMs: LATENCY, pullEntries: PULL }
try {
  // The baseline: one process with all the runners' concurrency, no remote.
  const alone = await project(IMAGES, 'Baseline, one runner, study')
  const baselineSeconds = await timed(() =>
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
      const seconds = await timed(() =>
        Promise.all(roots.map((root) => cli(['generate', '--concurrency', String(PER_RUNNER)], root, env))),
      )
      result[`${name}Requests`] = fake.requests.length - before
      result[`${name}Seconds`] = round(seconds)
      result[`${name}Ratio`] = round(seconds / baselineSeconds)

      // Warm pull: a writer fills the remote with PULL entries, a fresh runner pulls them.
      const writer = await project(PULL, `Pull ${name}, study`)
      await cli(['generate', '--concurrency', '16'], writer, {
        ...env,
        OPENAI_BASE_URL: (await instantFake()).url,
      })
      const warmLocal = await timed(() => cli(['generate'], writer, api))
      const reader = await project(PULL, `Pull ${name}, study`)
      const pull = await timed(() => cli(['pull'], reader, { IMAGEGEN_REMOTE: remote.url, ...remote.env }))
      result[`${name}PullSeconds`] = round(pull)
      result[`${name}WarmLocalSeconds`] = round(warmLocal)
      result[`${name}PullRatio`] = round(pull / warmLocal)
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
