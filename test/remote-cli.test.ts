import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, manyEntries, SMALL_DALL_E } from './helpers/project.js'
import { type Nginx, remoteFiles, startNginx } from './helpers/remote-servers.mjs'
import { runImagegen } from './helpers/run-cli.js'
import { storedKeys, storeProblems } from './helpers/store-invariants.js'

/** `imagegen push`, `pull` and `check --remote` as a user runs them, against a real nginx WebDAV remote. */
let fake: FakeOpenAI
let nginx: Nginx
beforeAll(async () => {
  fake = await startFakeOpenAI()
  nginx = await startNginx()
})
afterAll(async () => {
  await nginx?.stop()
  await fake?.close()
})

function manifest(prefix: string): string {
  return manyEntries(3, prefix, SMALL_DALL_E)
}

/** A project whose three entries are generated and stored locally, without any remote. */
async function generatedProject(prefix: string): Promise<string> {
  const root = await createProject({ 'images.yaml': manifest(prefix) })
  const generated = await runImagegen(['generate'], {
    cwd: root,
    env: { OPENAI_API_KEY: 'fake-key-remote-cli', OPENAI_BASE_URL: fake.url },
  })
  expect(generated.code, generated.stderr).toBe(0)
  return root
}

describe('imagegen push, pull and check --remote', () => {
  it('push writes the entries; a second push says they are already there; pull copies them, verified', async () => {
    const env = { IMAGEGEN_REMOTE: nginx.url }
    const seed = await generatedProject('Pushed and pulled, study')
    const pushed = await runImagegen(['push'], { cwd: seed, env })
    expect(pushed.code, pushed.stderr).toBe(0)
    expect(pushed.stdout).toContain('3 copied, 0 already there')
    expect(await remoteFiles(nginx.dataDir, '/ac/', 'Pushed and pulled, study')).toHaveLength(3)

    const again = await runImagegen(['push'], { cwd: seed, env })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('0 copied, 3 already there')

    const fresh = await createProject({ 'images.yaml': manifest('Pushed and pulled, study') })
    const pulled = await runImagegen(['pull'], { cwd: fresh, env })
    expect(pulled.code, pulled.stderr).toBe(0)
    expect(pulled.stdout).toContain('3 copied, 0 already there, 0 missing, 0 refused')
    const store = join(fresh, '.imagegen')
    expect((await storedKeys(store)).sort()).toEqual((await storedKeys(join(seed, '.imagegen'))).sort())
    expect(await storeProblems(store)).toEqual([])
    // The local store's own check agrees: every entry there and whole, without the API.
    const checked = await runImagegen(['check'], { cwd: fresh })
    expect(checked.code, checked.stderr).toBe(0)
  }, 90_000)

  it('the remote may be set by remote.url in imagegen.config.mjs alone, without IMAGEGEN_REMOTE', async () => {
    const root = await generatedProject('Remote from the config file, study')
    await writeFile(
      join(root, 'imagegen.config.mjs'),
      `export default { remote: { url: ${JSON.stringify(nginx.url)} } }\n`,
    )
    const pushed = await runImagegen(['push'], { cwd: root })
    expect(pushed.code, pushed.stderr).toBe(0)
    expect(pushed.stdout).toContain(`3 copied, 0 already there, 0 missing, 0 refused (${nginx.url})`)
    expect(await remoteFiles(nginx.dataDir, '/ac/', 'Remote from the config file, study')).toHaveLength(3)
    const checked = await runImagegen(['check', '--remote'], { cwd: root })
    expect(checked.code, checked.stderr).toBe(0)
    expect(checked.stdout).toContain('3 of 3 entries are on')
  }, 60_000)

  it('check --remote exits 1 naming the entry missing on the remote', async () => {
    const env = { IMAGEGEN_REMOTE: nginx.url }
    const root = await generatedProject('One missing on the remote, study')
    expect((await runImagegen(['push'], { cwd: root, env })).code).toBe(0)
    const [gone] = await remoteFiles(nginx.dataDir, '/ac/', 'One missing on the remote, study 2"')
    expect(gone).toBeDefined()
    await rm(gone as string)

    const checked = await runImagegen(['check', '--remote'], { cwd: root, env })
    expect(checked.code).toBe(1)
    expect(checked.stderr).toMatch(/images\.yaml:\d+:\d+ {2}image-2 {2}not on the remote/)
    expect(checked.stderr).not.toMatch(/image-[13] /)
    expect(checked.stderr).toContain('2 of 3 entries are on')
  }, 60_000)

  it('push to a remote configured read-only is refused with an error saying so', async () => {
    const root = await generatedProject('Read-only push, study')
    const pushed = await runImagegen(['push'], {
      cwd: root,
      env: { IMAGEGEN_REMOTE: nginx.url, IMAGEGEN_REMOTE_READ_ONLY: '1' },
    })
    expect(pushed.code).toBe(2)
    expect(pushed.stderr).toContain('read-only')
    expect(pushed.stderr).toContain('IMAGEGEN_REMOTE_READ_ONLY')
    expect(await remoteFiles(nginx.dataDir, '/ac/', 'Read-only push, study')).toEqual([])
  }, 60_000)

  for (const command of [['push'], ['pull'], ['check', '--remote']]) {
    it(`${command.join(' ')} without a remote is a usage error naming IMAGEGEN_REMOTE`, async () => {
      const root = await createProject({ 'images.yaml': manifest('No remote, study') })
      const result = await runImagegen(command, { cwd: root })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`imagegen ${command.join(' ')}: no remote is configured`)
      expect(result.stderr).toContain('IMAGEGEN_REMOTE')
    }, 30_000)
  }
})
