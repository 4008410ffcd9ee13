import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder, REPO, run } from './helpers/examples.js'
import { startFaultProxy } from './helpers/fault-proxy.js'
import { createProject, manyEntries, SMALL_DALL_E } from './helpers/project.js'
import {
  type Nginx,
  type RunningRemote,
  remoteFiles,
  startNginx,
  startS3rver,
} from './helpers/remote-servers.mjs'
import { runImagegen } from './helpers/run-cli.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

/** Recognisably fake secrets: none may reach an output line, a stored file or a built file. */
const TOKEN = 'fake-remote-token-SECRET-1c9e'
const SIGNING_KEY = 'fake-signing-key-SECRET-77ab'
const OTHER_KEY = 'fake-signing-key-OTHER-0d2f'
const URL_PASSWORD = 'fake-url-password-SECRET-4b1d'
const SESSION_TOKEN = 'fake-session-token-SECRET-e2a9'
const SECRETS = [TOKEN, SIGNING_KEY, URL_PASSWORD, SESSION_TOKEN, 'S3RVER']

let fake: FakeOpenAI
let nginx: Nginx
beforeAll(async () => {
  fake = await startFakeOpenAI()
  nginx = await startNginx({ token: TOKEN })
})
afterAll(async () => {
  await nginx?.stop()
  await fake?.close()
})

function manifest(prefix: string): string {
  return manyEntries(3, prefix, SMALL_DALL_E)
}

async function expectNoSecret(output: string, dir: string) {
  for (const secret of SECRETS) expect(output).not.toContain(secret)
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(join(dir, file))
    for (const secret of SECRETS) expect(bytes.includes(secret), `${file} holds a secret`).toBe(false)
  }
}

describe('a fresh runner with an empty local store and a full remote', () => {
  interface Case {
    remote: RunningRemote
    /** The credential this remote is given, which must leak nowhere. */
    secretEnv: Record<string, string>
    /** Started for this case alone, so stopped after it. */
    own: boolean
  }
  const remotes: Record<string, () => Promise<Case>> = {
    'nginx with a bearer token': async () => ({
      remote: nginx,
      secretEnv: { IMAGEGEN_REMOTE_TOKEN: TOKEN },
      own: false,
    }),
    // s3rver checks each signature against its one secret key, S3RVER, which so must not leak either. The
    // endpoint comes from the general AWS_ENDPOINT_URL, and temporary credentials carry a session token.
    's3rver through AWS_ENDPOINT_URL with a session token': async () => {
      const remote = await startS3rver()
      const { AWS_ENDPOINT_URL_S3, ...env } = remote.env
      return {
        remote: { ...remote, env: { ...env, AWS_ENDPOINT_URL: AWS_ENDPOINT_URL_S3 as string } },
        secretEnv: { AWS_SESSION_TOKEN: SESSION_TOKEN },
        own: true,
      }
    },
  }

  for (const [name, start] of Object.entries(remotes)) {
    it(`builds examples/vite in frozen mode without an API key (${name}), and no credential leaks`, async () => {
      const { remote, secretEnv, own } = await start()
      const cache = join(REPO, 'examples', 'vite', '.cache')
      await mkdir(cache, { recursive: true })
      const base = await mkdtemp(join(cache, 'remote-'))
      try {
        const env = {
          IMAGEGEN_REMOTE: remote.url,
          ...remote.env,
          ...secretEnv,
          IMAGEGEN_REMOTE_SIGNING_KEY: SIGNING_KEY,
        }
        const seed = join(base, 'seed')
        const fresh = join(base, 'fresh')
        for (const file of ['index.html', 'images.yaml', 'vite.config.ts', 'src', '.imagegen']) {
          await cp(join(REPO, 'examples', 'vite', file), join(seed, file), { recursive: true })
          if (file !== '.imagegen')
            await cp(join(REPO, 'examples', 'vite', file), join(fresh, file), { recursive: true })
        }
        const pushed = await runImagegen(['push'], { cwd: seed, env })
        expect(pushed.code, pushed.stderr).toBe(0)
        expect(pushed.stdout).toContain('3 copied')

        const vite = join(REPO, 'examples', 'vite', 'node_modules', 'vite', 'bin', 'vite.js')
        const built = await run(process.execPath, [vite, 'build'], {
          cwd: fresh,
          env: { ...env, CI: 'true' },
        })
        expect(built.code, built.output).toBe(0)
        expect(built.output).toContain('imagegen: 3 entries: 3 from store, 0 generated, 0 placeholders')
        expect(await storedKeys(join(fresh, '.imagegen'))).toHaveLength(3)
        await expectNoSecret(`${pushed.stdout}${pushed.stderr}${built.output}`, fresh)
      } finally {
        await rm(base, { recursive: true, force: true })
        if (own) await remote.stop()
      }
    }, 120_000)
  }
})

describe('signed records', () => {
  it('a reader with the signing key accepts them; another key, or an unsigned record, is refused', async () => {
    const auth = { IMAGEGEN_REMOTE: nginx.url, IMAGEGEN_REMOTE_TOKEN: TOKEN }
    const generating = { ...auth, OPENAI_API_KEY: 'fake-key-trust', OPENAI_BASE_URL: fake.url }
    const signed = await createProject({ 'images.yaml': manifest('Signed, study') })
    const written = await runImagegen(['generate'], {
      cwd: signed,
      env: { ...generating, IMAGEGEN_REMOTE_SIGNING_KEY: SIGNING_KEY },
    })
    expect(written.code, written.stderr).toBe(0)

    const reader = await createProject({ 'images.yaml': manifest('Signed, study') })
    const good = await runImagegen(['check', '--remote'], {
      cwd: reader,
      env: { ...auth, IMAGEGEN_REMOTE_SIGNING_KEY: SIGNING_KEY },
    })
    expect(good.code, good.stderr).toBe(0)
    const forged = await runImagegen(['pull'], {
      cwd: reader,
      env: { ...auth, IMAGEGEN_REMOTE_SIGNING_KEY: OTHER_KEY },
    })
    expect(forged.code).toBe(1)
    expect(forged.stderr).toContain('has a signature the signing key did not make')
    expect(await storedKeys(join(reader, '.imagegen'))).toEqual([])

    // Written by a runner without the key (a pull request's build, say): a signing reader will not use it.
    const unsigned = await createProject({ 'images.yaml': manifest('Unsigned, study') })
    expect((await runImagegen(['generate'], { cwd: unsigned, env: generating })).code).toBe(0)
    const strict = await createProject({ 'images.yaml': manifest('Unsigned, study') })
    const refused = await runImagegen(['pull'], {
      cwd: strict,
      env: { ...auth, IMAGEGEN_REMOTE_SIGNING_KEY: SIGNING_KEY },
    })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('is not signed')
    expect(await storedKeys(join(strict, '.imagegen'))).toEqual([])
  }, 90_000)
})

describe('a badly signed record met by a read-through', () => {
  it('imagegen generate refuses it with one warning, generates the image locally and leaves the record', async () => {
    const auth = { IMAGEGEN_REMOTE: nginx.url, IMAGEGEN_REMOTE_TOKEN: TOKEN }
    const generating = { ...auth, OPENAI_API_KEY: 'fake-key-trust', OPENAI_BASE_URL: fake.url }
    const images = manyEntries(1, 'Forged for a read-through, study', SMALL_DALL_E)
    const forger = await createProject({ 'images.yaml': images })
    const forged = await runImagegen(['generate'], {
      cwd: forger,
      env: { ...generating, IMAGEGEN_REMOTE_SIGNING_KEY: OTHER_KEY },
    })
    expect(forged.code, forged.stderr).toBe(0)
    const [record] = await remoteFiles(nginx.dataDir, '/ac/', 'Forged for a read-through, study')
    const forgedRecord = await readFile(record as string)

    const before = fake.requests.length
    const reader = await createProject({ 'images.yaml': images })
    const result = await runImagegen(['generate'], {
      cwd: reader,
      env: { ...generating, IMAGEGEN_REMOTE_SIGNING_KEY: SIGNING_KEY },
    })
    expect(result.code, result.stderr).toBe(0)
    const warnings = result.stderr.split('\n').filter((line) => line.includes('is refused'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('has a signature the signing key did not make')
    expect(fake.requests.length - before).toBe(1)
    expect(await storedKeys(join(reader, '.imagegen'))).toHaveLength(1)
    expect(await storeProblems(join(reader, '.imagegen'))).toEqual([])
    // The record there is kept as it was: a create-once write-back never replaces what it finds.
    expect(await readFile(record as string)).toEqual(forgedRecord)
  }, 60_000)
})

describe('read-only use', () => {
  it('needs no write access: reads what is there, generates the rest locally with one warning, writes nothing', async () => {
    const before = (await remoteFiles(nginx.dataDir, '/ac/')).length
    const root = await createProject({ 'images.yaml': manifest('Read-only reader, study') })
    const result = await runImagegen(['generate'], {
      cwd: root,
      env: {
        IMAGEGEN_REMOTE: nginx.readOnlyUrl,
        OPENAI_API_KEY: 'fake-key-trust',
        OPENAI_BASE_URL: fake.url,
      },
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr.split('refused a write').length - 1).toBe(1)
    expect(await storedKeys(join(root, '.imagegen'))).toHaveLength(3)
    expect(await remoteFiles(nginx.dataDir, '/ac/')).toHaveLength(before)
  }, 60_000)
})

describe('credentials in the remote URL', () => {
  it('user:password never reach a message or the store, even when the remote fails', async () => {
    const proxy = await startFaultProxy(nginx.url)
    proxy.mode = 'error-500'
    try {
      const url = proxy.url.replace('http://', `http://imagegen:${URL_PASSWORD}@`)
      const root = await createProject({ 'images.yaml': manifest('Password in the URL, study') })
      const env = { IMAGEGEN_REMOTE: url, OPENAI_API_KEY: 'fake-key-trust', OPENAI_BASE_URL: fake.url }
      const generated = await runImagegen(['generate'], { cwd: root, env })
      expect(generated.code, generated.stderr).toBe(0)
      expect(generated.stderr).toContain('is unavailable')
      const checked = await runImagegen(['check', '--remote'], { cwd: root, env })
      expect(checked.code).toBe(1)
      expect(checked.stderr).toContain('answered 500')
      await expectNoSecret(`${generated.stdout}${generated.stderr}${checked.stdout}${checked.stderr}`, root)
    } finally {
      await proxy.close()
    }
  }, 60_000)
})
