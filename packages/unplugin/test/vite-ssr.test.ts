import type { ImagegenImage } from '@imagegen/core'
import * as vite8 from 'vite'
import * as vite6 from 'vite6'
import * as vite7 from 'vite7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ViteBuild, viteBuilder } from './helpers/bundlers.js'
import { expectImageMatchesFiles } from './helpers/images.js'
import { copyFixture, type Project } from './helpers/project.js'

/**
 * A server build (`build.ssr`, as Astro renders its pages) of every Vite in the peer range: the image
 * URLs its code holds are public paths under `base`, as in a client build, never `file:` URLs of the
 * server chunk on disk, and they name files the build wrote.
 */
const VITES: Record<string, ViteBuild> = {
  'vite 6': vite6.build as unknown as ViteBuild,
  'vite 7': vite7.build as unknown as ViteBuild,
  'vite 8': vite8.build,
}

describe.each(Object.entries(VITES))('%s server build', (_, build) => {
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
