import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '@imagegen/core/internal'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { runImagegen } from './helpers/run-cli.js'

async function projectWithOutsideFile() {
  const base = await mkdtemp(join(tmpdir(), 'imagegen-security-'))
  const root = join(base, 'site')
  await mkdir(root)
  const secret = join(base, 'secret.png')
  await writeFile(
    secret,
    await sharp({ create: { width: 8, height: 8, channels: 4, background: '#000' } })
      .png()
      .toBuffer(),
  )
  await symlink(secret, join(root, 'innocent.png'))
  return { base, root, secret }
}

describe('input paths out of the project root', () => {
  it.each([
    ['a ../ path', () => '../secret.png', '`../secret.png` is outside the project root'],
    ['an absolute path', (secret: string) => secret, 'is outside the project root'],
    ['a symlink', () => './innocent.png', '`./innocent.png` is a symlink to a file outside the project root'],
  ])('%s is refused with a clear error and its position', async (_what, path, message) => {
    const { root, secret } = await projectWithOutsideFile()
    await writeFile(
      join(root, 'images.yaml'),
      `images:\n  basket:\n    prompt: A basket\n    images: [${path(secret)}]\n`,
    )
    const result = await runImagegen(['check'], { cwd: root })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('images.yaml:4:14  basket')
    expect(result.stderr).toContain(message)
  })
})

describe('the store never executes or imports what it reads', () => {
  it('treats a recipe holding code or a prototype key as data: a miss, no side effect', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imagegen-store-'))
    const key = 'a'.repeat(64)
    const marker = join(dir, 'executed')
    await mkdir(join(dir, 'recipes'), { recursive: true })
    const hostile = [
      `import('node:fs').then(fs => fs.writeFileSync(${JSON.stringify(marker)}, 'x'))`,
      `{"__proto__": {"polluted": true}, "version": 1, "key": "${key}", "recipe": {}, "outputs": [], "created": "", "model": "x"}`,
      `{"version": 1, "key": "${key}", "recipe": {"constructor": {"prototype": {"polluted": true}}}, "outputs": [{"blob": "${'b'.repeat(64)}", "format": "png", "width": 1, "height": 1, "bytes": 1}], "created": "", "model": "x"}`,
    ]
    const warnings: string[] = []
    const store = openStore({ dir, logger: { info() {}, warn: (m) => warnings.push(m), error() {} } })
    for (const text of hostile) {
      await writeFile(join(dir, 'recipes', `${key}.json`), text)
      expect(await store.readRecipe(key)).toBeUndefined()
    }
    expect(warnings.length).toBeGreaterThanOrEqual(3)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await expect(import('node:fs').then((fs) => fs.existsSync(marker))).resolves.toBe(false)
  })
})
