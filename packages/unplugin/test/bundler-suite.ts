import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImagegenImage } from '@imagegen/core'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Options } from '../src/index.js'
import { BUNDLERS, type BuildOutput, type BundlerName } from './helpers/bundlers.js'
import { expectImageMatchesFiles, fileFacts, srcsetCandidates } from './helpers/images.js'
import { copyFixture, type Project } from './helpers/project.js'

/** What `fixtures/basic/entry.js` puts on `globalThis.imagegenFixture`. */
interface FixtureValues {
  images: Record<string, ImagegenImage | ImagegenImage[]>
  hero: ImagegenImage
  sketches: ImagegenImage[]
  giftBasket: ImagegenImage
  heroOnly: ImagegenImage
}

const quiet = { info() {}, warn() {}, error() {} }

/** A logger that keeps what the plugin says, to assert on its one summary line. */
function recordingLogger() {
  const lines: string[] = []
  return {
    lines,
    logger: {
      info: (message: string) => lines.push(message),
      warn: (message: string) => lines.push(`warn: ${message}`),
      error: (message: string) => lines.push(`error: ${message}`),
    },
  }
}

/**
 * The same fixture through one bundler's real build: generation against the fake, the warm store,
 * a changed prompt, a changed transform, a broken manifest, and the frozen and placeholder modes.
 */
export function bundlerSuite(name: BundlerName): void {
  const build = BUNDLERS[name]

  describe(`${name}: generate mode against the fake`, () => {
    let fake: FakeOpenAI
    let project: Project
    let log: ReturnType<typeof recordingLogger>
    let firstAssets: string[]
    let firstOutput: BuildOutput

    const options = (): Options => ({
      root: project.root,
      mode: 'generate',
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url },
      logger: log.logger,
      meta: true,
    })
    const requestsDuring = async <T>(action: () => Promise<T>) => {
      const before = fake.requests.length
      const result = await action()
      return { result, requests: fake.requests.slice(before) }
    }

    beforeAll(async () => {
      fake = await startFakeOpenAI()
      project = await copyFixture()
    })
    afterAll(async () => {
      await fake?.close()
      await project?.remove()
    })

    it('generates every entry once and serves them as emitted files', async () => {
      log = recordingLogger()
      const { result: output, requests } = await requestsDuring(() => build(project.root, options()))
      expect(requests.map((request) => request.endpoint).sort()).toEqual([
        'edits',
        'generations',
        'generations',
      ])
      expect(log.lines).toEqual([
        'imagegen: 3 entries: 0 from store, 3 generated, 0 placeholders; ~$0.054 spent',
      ])

      firstOutput = output
      const { hero, sketches, giftBasket, heroOnly, images } = (await output.run()) as FixtureValues
      const heroImage = hero
      expect(heroImage).toMatchObject({
        width: 640,
        height: 640,
        format: 'webp',
        alt: 'An otter floating on its back among kelp',
        placeholder: 'blur',
        blurWidth: 16,
        blurHeight: 16,
        meta: { model: 'gpt-image-1', prompt: 'A cute baby sea otter floating in a kelp forest, watercolor' },
      })
      expect(heroImage.blurDataURL).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/=]+$/)
      expect(heroImage.meta?.key).toMatch(/^[0-9a-f]{64}$/)
      expect(srcsetCandidates(heroImage.srcset).map((candidate) => candidate.width)).toEqual([320, 640])
      const heroFiles = await expectImageMatchesFiles(output, heroImage)
      expect(heroFiles.map(({ width, height }) => [width, height])).toEqual([
        [320, 320],
        [640, 640],
      ])

      const sketchImages = sketches
      expect(sketchImages).toHaveLength(2)
      for (const sketch of sketchImages) {
        expect(sketch).toMatchObject({ width: 256, height: 256, format: 'webp', alt: '' })
        expect(sketch.color).toMatch(/^#[0-9a-f]{6}$/)
        expect(sketch.placeholder).toMatch(/^data:image\/svg\+xml,/)
        expect(sketch.blurDataURL).toBeUndefined()
        await expectImageMatchesFiles(output, sketch)
      }
      expect(sketchImages[0]?.src).not.toBe(sketchImages[1]?.src)

      const basket = giftBasket
      expect(basket).toMatchObject({ width: 256, height: 256, format: 'webp', placeholder: 'empty' })
      await expectImageMatchesFiles(output, basket)

      expect(heroOnly).toEqual(hero)
      expect(Object.keys(images)).toEqual(['hero', 'sketches', 'gift-basket'])
      expect(images['gift-basket']).toEqual(giftBasket)

      firstAssets = await outputImages(output.outDir)
      expect(firstAssets).toHaveLength(5)
      expect(existsSync(join(project.root, 'images.d.yaml.ts'))).toBe(true)
      expect(existsSync(join(project.root, 'imagegen-env.d.ts'))).toBe(true)
    })

    it('watches the manifest and its input image', () => {
      expect(firstOutput.watchFiles).toEqual(
        expect.arrayContaining([join(project.root, 'images.yaml'), join(project.root, 'shell.png')]),
      )
    })

    it('builds again from the warm store without a request, to the same files and types', async () => {
      const types = join(project.root, 'images.d.yaml.ts')
      const typesWritten = (await stat(types)).mtimeMs
      log = recordingLogger()
      const { result: output, requests } = await requestsDuring(() => build(project.root, options()))
      expect(requests).toEqual([])
      expect(log.lines).toEqual([
        'imagegen: 3 entries: 3 from store, 0 generated, 0 placeholders; ~$0.000 spent',
      ])
      expect(await outputImages(output.outDir)).toEqual(firstAssets)
      expect((await stat(types)).mtimeMs).toBe(typesWritten)
    })

    it('generates exactly the entry whose prompt changed', async () => {
      await project.edit('images.yaml', 'floating in a kelp forest', 'asleep on a rock')
      log = recordingLogger()
      const { result: output, requests } = await requestsDuring(() => build(project.root, options()))
      expect(requests).toHaveLength(1)
      expect(requests[0]?.body).toMatchObject({
        prompt: 'A cute baby sea otter asleep on a rock, watercolor',
      })
      expect(log.lines[0]).toMatch(/2 from store, 1 generated/)
      const { hero } = (await output.run()) as FixtureValues
      expect(hero.meta?.prompt).toBe('A cute baby sea otter asleep on a rock, watercolor')
      await expectImageMatchesFiles(output, hero)
    })

    it('derives anew, and generates nothing, when a transform changes', async () => {
      await project.edit('images.yaml', 'widths: [320, 640]', 'widths: [200, 400], format: png')
      const { result: output, requests } = await requestsDuring(() => build(project.root, options()))
      expect(requests).toEqual([])
      const { hero } = (await output.run()) as FixtureValues
      expect(hero).toMatchObject({ width: 400, height: 400, format: 'png' })
      const files = await expectImageMatchesFiles(output, hero)
      expect(files.map((file) => [file.width, file.format])).toEqual([
        [200, 'png'],
        [400, 'png'],
      ])
    })

    it('in frozen mode fails the build naming the entry missing from the store, and its position', async () => {
      const manifest = await project.read('images.yaml')
      await project.edit('images.yaml', 'Pencil sketches', 'Charcoal sketches')
      try {
        const frozen = { ...options(), mode: 'frozen' as const, env: {} }
        const { result: failure, requests } = await requestsDuring(() =>
          build(project.root, frozen).then(
            () => new Error('the build succeeded'),
            (error: Error) => error,
          ),
        )
        expect(requests).toEqual([])
        expect(failure.message).toContain(
          'unplugin-imagegen: images.yaml:13:3  sketches  is not in the store and frozen mode never generates',
        )
      } finally {
        await project.write('images.yaml', manifest)
      }
    })

    it('fails the build with file:line:column of a manifest error', async () => {
      const manifest = await project.read('images.yaml')
      await project.write('images.yaml', manifest.replace('    size: 256x256', '    size: 300x300'))
      try {
        const failure = await build(project.root, options()).then(
          () => new Error('the build succeeded'),
          (error: Error) => error,
        )
        expect(failure.message).toContain('unplugin-imagegen:')
        expect(failure.message).toMatch(/images\.yaml:16:11 {2}sketches {2}`size: 300x300`/)
      } finally {
        await project.write('images.yaml', manifest)
      }
    })
  })

  describe(`${name}: placeholder mode, offline`, () => {
    let project: Project
    // Rollup alone has no root of its own; the others' (Vite's root, webpack's context…) are used.
    const root = () => (name === 'rollup' ? { root: project.root } : {})
    beforeAll(async () => {
      project = await copyFixture()
    })
    afterAll(async () => {
      await project?.remove()
    })

    it('fails the build on a `?image=` of no entry, with the likely one', async () => {
      const entry = await project.read('entry.js')
      await project.edit('entry.js', '?image=hero', '?image=heroo')
      try {
        const failure = await build(project.root, {
          ...root(),
          mode: 'placeholder',
          env: {},
          logger: quiet,
        }).then(
          () => new Error('the build succeeded'),
          (error: Error) => error,
        )
        expect(failure.message).toContain(
          'unplugin-imagegen: images.yaml has no entry `heroo` (asked for by `?image=heroo`) — did you mean `?image=hero`?',
        )
      } finally {
        await project.write('entry.js', entry)
      }
    })

    it('in placeholder mode builds offline, storing nothing', async () => {
      const log = recordingLogger()
      const output = await build(project.root, {
        ...root(),
        mode: 'placeholder',
        env: {},
        logger: log.logger,
      })
      expect(log.lines.at(-1)).toBe(
        'imagegen: 3 entries: 0 from store, 0 generated, 3 placeholders; ~$0.000 spent',
      )
      const { hero, sketches } = (await output.run()) as FixtureValues
      expect(hero).toMatchObject({ width: 640, height: 640, format: 'webp' })
      await expectImageMatchesFiles(output, hero)
      expect(sketches).toHaveLength(2)
      expect(await fileFacts(output, sketches[1]?.src ?? '')).toMatchObject({ width: 256, height: 256 })
      expect(existsSync(join(project.root, '.imagegen'))).toBe(false)
    })
  })
}

/** The image files of a build's output, by name, sorted. */
async function outputImages(outDir: string): Promise<string[]> {
  const files = await readdir(outDir, { recursive: true })
  return files.filter((file) => /\.(webp|png|avif|jpg)$/.test(file)).sort()
}
