import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadNuxt } from 'nuxt'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import imagegenNuxt from '../src/nuxt.js'
import imagegenVite from '../src/vite.js'

/** Nuxt 4 loads the module as `nuxt prepare`, `nuxt build` and `nuxt generate` do, from a real config. */
describe('unplugin-imagegen/nuxt', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'imagegen-nuxt-'))
    await writeFile(
      join(root, 'images.yaml'),
      'images:\n  hero:\n    prompt: A lighthouse\n    size: 1024x1024\n    alt: A lighthouse\n',
    )
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  const load = (overrides: Record<string, unknown>) =>
    loadNuxt({ cwd: root, ready: true, overrides: { telemetry: false, ...overrides } })

  it('writes the manifest types at setup and has Nuxt tell TypeScript to read them', async () => {
    const nuxt = await load({ modules: [imagegenNuxt] })
    try {
      expect(nuxt.options.typescript.tsConfig.compilerOptions?.allowArbitraryExtensions).toBe(true)
      expect(await readFile(join(root, 'images.d.yaml.ts'), 'utf8')).toMatch(/export declare const hero/)
    } finally {
      await nuxt.close()
    }
  })

  it('reads its options under imagegen in nuxt.config', async () => {
    const nuxt = await load({ modules: [imagegenNuxt], imagegen: { dts: false } })
    try {
      expect(nuxt.options.typescript.tsConfig.compilerOptions?.allowArbitraryExtensions).toBeUndefined()
      await expect(readFile(join(root, 'images.d.yaml.ts'), 'utf8')).rejects.toThrow(/ENOENT/)
    } finally {
      await nuxt.close()
    }
  })

  it('names the fix when the builder is not Vite', async () => {
    // Rspack: for webpack, Nuxt first offers to install @nuxt/webpack-builder, then fails the same way.
    await expect(load({ modules: [imagegenNuxt], builder: 'rspack' })).rejects.toThrow(
      /unplugin-imagegen\/nuxt: works with Nuxt's Vite builder only, not "@nuxt\/rspack-builder"; remove builder from nuxt\.config/,
    )
  })

  it('names the fix when vite.plugins holds imagegen as well', async () => {
    await expect(load({ modules: [imagegenNuxt], vite: { plugins: [imagegenVite()] } })).rejects.toThrow(
      /unplugin-imagegen\/nuxt: nuxt.config has imagegen\(\) in vite.plugins as well as in modules; remove it from vite.plugins/,
    )
  })
})
