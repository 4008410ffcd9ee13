import { readdir } from 'node:fs/promises'
import type { ImagegenImage } from '@imagegen/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webpackBuild } from './helpers/bundlers.js'
import { expectImageMatchesFiles } from './helpers/images.js'
import { copyFixture, type Project } from './helpers/project.js'

const quiet = { info() {}, warn() {}, error() {} }
const PLACEHOLDER = { mode: 'placeholder' as const, env: {}, logger: quiet }

/** The image files under the build's output directory, as paths relative to it. */
async function imageFiles(outDir: string): Promise<string[]> {
  const files = await readdir(outDir, { recursive: true })
  return files.filter((file) => /\.(webp|png)$/.test(file)).sort()
}

/**
 * Images are named the way the bundler names its own asset modules, so a framework that serves assets
 * from one folder (Next's `static/media/`) finds them there, and the URL in the module is that file's.
 */
for (const bundler of ['webpack', 'rspack'] as const) {
  describe(`${bundler}: emitted images follow the asset naming`, () => {
    let project: Project
    beforeAll(async () => {
      project = await copyFixture()
    })
    afterAll(async () => {
      await project?.remove()
    })

    it('by default, output.assetModuleFilename as the bundler defaults it: [hash][ext] at the root', async () => {
      const output = await webpackBuild(bundler, project.root, PLACEHOLDER)
      const files = await imageFiles(output.outDir)
      expect(files).toHaveLength(5)
      for (const file of files) expect(file).toMatch(/^[0-9a-f]{16,20}\.(webp|png)$/)
      const { hero } = (await output.run()) as { hero: ImagegenImage }
      await expectImageMatchesFiles(output, hero)
    })

    it("the project's output.assetModuleFilename, with [name] and [hash:8]", async () => {
      const output = await webpackBuild(bundler, project.root, PLACEHOLDER, {
        assetModuleFilename: 'media/[name].[hash:8][ext]',
      })
      const files = await imageFiles(output.outDir)
      expect(files).toHaveLength(5)
      for (const file of files) expect(file).toMatch(/^media\/[a-z-]+(?:-\d)?-\d+\.[0-9a-f]{8}\.(webp|png)$/)
      const { hero } = (await output.run()) as { hero: ImagegenImage }
      expect(hero.src).toMatch(/^\/static\/media\/hero-640\.[0-9a-f]{8}\.webp$/)
      await expectImageMatchesFiles(output, hero)
    })

    it('the plugin option over the bundler setting', async () => {
      const output = await webpackBuild(
        bundler,
        project.root,
        { ...PLACEHOLDER, assetModuleFilename: 'images/[name]-[contenthash:6][ext]' },
        { assetModuleFilename: 'media/[name].[hash:8][ext]' },
      )
      const files = await imageFiles(output.outDir)
      expect(files).toHaveLength(5)
      for (const file of files) expect(file).toMatch(/^images\/[a-z0-9-]+-[0-9a-f]{6}\.(webp|png)$/)
      const { hero } = (await output.run()) as { hero: ImagegenImage }
      await expectImageMatchesFiles(output, hero)
    })
  })
}
