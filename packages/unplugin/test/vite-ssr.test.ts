import type { ImagegenImage } from '@imagegen/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VITE_BUILDS, viteBuilder } from './helpers/bundlers.js'
import { expectImageMatchesFiles } from './helpers/images.js'
import { copyFixture, type Project } from './helpers/project.js'

/**
 * A server build (`build.ssr`, as Astro renders its pages) of every Vite in the peer range: the image
 * URLs its code holds are public paths under `base`, as in a client build, never `file:` URLs of the
 * server chunk on disk, and they name files the build wrote.
 */
describe.each(Object.entries(VITE_BUILDS))('%s server build', (_, build) => {
  let project: Project

  beforeAll(async () => {
    project = await copyFixture()
  })
  afterAll(() => project.remove())

  it('writes image URLs under base that name emitted files', async () => {
    const output = await viteBuilder(build, { ssr: true })(project.root, {
      root: project.root,
      mode: 'placeholder',
      env: {},
      logger: { info() {}, warn() {}, error() {} },
    })
    const { hero, sketches } = (await output.run()) as { hero: ImagegenImage; sketches: ImagegenImage[] }
    for (const image of [hero, ...sketches]) {
      expect(image.src).toMatch(/^\/static\/assets\/[^/]+\.(?:webp|png)$/)
      await expectImageMatchesFiles(output, image)
    }
  })
})
