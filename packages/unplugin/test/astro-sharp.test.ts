import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../../../test/helpers/examples.js'

const UNPLUGIN = fileURLToPath(new URL('..', import.meta.url))

/**
 * A project outside the workspace with Astro and unplugin-imagegen in node_modules and no sharp, as
 * pnpm leaves a project that does not name sharp: Astro's own sharp (its optional dependency) sits
 * beside Astro, where the built site cannot load it.
 */
async function astroProject(config: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'imagegen-astro-no-sharp-'))
  await mkdir(join(root, 'node_modules'))
  await mkdir(join(root, 'src', 'pages'), { recursive: true })
  const astro = await realpath(join(UNPLUGIN, 'node_modules', 'astro'))
  await symlink(astro, join(root, 'node_modules', 'astro'), 'dir')
  await symlink(UNPLUGIN, join(root, 'node_modules', 'unplugin-imagegen'), 'dir')
  await writeFile(join(root, 'package.json'), '{ "name": "no-sharp", "type": "module", "private": true }\n')
  await writeFile(join(root, 'astro.config.mjs'), config)
  await writeFile(join(root, 'src', 'pages', 'index.astro'), '<html><body><h1>hi</h1></body></html>\n')
  return root
}

function astroBuild(root: string) {
  return run('node', [join(root, 'node_modules', 'astro', 'astro.js'), 'build'], {
    cwd: root,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
  })
}

describe('Astro build of a project that cannot load sharp (pnpm without `sharp` in package.json)', () => {
  const roots: string[] = []
  beforeAll(async () => {
    roots.push(
      await astroProject(
        "import { defineConfig } from 'astro/config'\nimport imagegen from 'unplugin-imagegen/astro'\n\nexport default defineConfig({ integrations: [imagegen()] })\n",
      ),
      await astroProject(
        "import { defineConfig, passthroughImageService } from 'astro/config'\nimport imagegen from 'unplugin-imagegen/astro'\n\nexport default defineConfig({ integrations: [imagegen()], image: { service: passthroughImageService() } })\n",
      ),
    )
  })
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true })
  })

  it('stops before building with one message naming the fixes, and no stack trace', async () => {
    const build = await astroBuild(roots[0] as string)
    expect(build.code, build.output).not.toBe(0)
    expect(build.output.match(/needs sharp/g), build.output).toHaveLength(1)
    expect(build.output).toContain(
      `unplugin-imagegen/astro: Astro's image service needs sharp, which ${roots[0]}/ cannot load`,
    )
    expect(build.output).toContain('`pnpm add sharp`')
    expect(build.output).toContain('passthroughImageService()')
    expect(build.output).not.toMatch(/^\s+at /m)
    expect(build.output).not.toContain('Stack trace')
  })

  it('builds with passthroughImageService(), the other fix the message names', async () => {
    const build = await astroBuild(roots[1] as string)
    expect(build.code, build.output).toBe(0)
    expect(build.output).not.toContain('needs sharp')
    expect(build.output).toMatch(/1 page\(s\) built/)
  })
})
