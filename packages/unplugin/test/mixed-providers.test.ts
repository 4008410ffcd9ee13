import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImagegenImage } from '@imagegen/core'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLERS } from './helpers/bundlers.js'
import { copyFixture, type Project } from './helpers/project.js'

const OPENAI_KEY = 'fake-openai-key-MIXED-0123456789'
const GOOGLE_KEY = 'fake-gemini-key-MIXED-9876543210'
const FAL_KEY = 'fake-fal-key-MIXED-5555aaaa0000'

/** Google's key by either name its clients read: Vite's build gets it as GEMINI_API_KEY, webpack's as GOOGLE_API_KEY. */
const GOOGLE_KEY_VARIABLE = { vite: 'GEMINI_API_KEY', webpack: 'GOOGLE_API_KEY' } as const

const MANIFEST = `defaults:
  style_prompt: watercolor, soft light
  reference_images: [./shell.png]
  transform: { format: webp, quality: 60 }

images:
  hero:
    model: gpt-image-1
    prompt: An otter
    quality: low
    size: 1024x1024
    transform: { widths: [320] }
  banner:
    model: gemini-2.5-flash-image
    prompt: An otter banner
    aspectRatio: "16:9"
    transform: { widths: [336] }
  photos:
    model: imagen-4.0-fast-generate-001
    prompt: Otter photos
    n: 2
    aspectRatio: "4:3"
    transform: { widths: [320] }
  flux:
    model: fal-ai/flux/schnell
    prompt: An otter in FLUX
    image_size: square
    transform: { widths: [256] }
`

interface Values {
  hero: ImagegenImage
  banner: ImagegenImage
  photos: ImagegenImage[]
  flux: ImagegenImage
}

/** Every file under `dir`, with its bytes. */
async function filesUnder(dir: string): Promise<{ name: string; bytes: Buffer }[]> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) =>
    entry.isFile(),
  )
  return Promise.all(
    names.map(async (entry) => {
      const path = join(entry.parentPath, entry.name)
      return { name: path, bytes: await readFile(path) }
    }),
  )
}

describe.each(['vite', 'webpack'] as const)(
  '%s: one manifest mixing OpenAI, Gemini, Imagen and fal',
  (name) => {
    let fake: FakeOpenAI
    let project: Project

    beforeAll(async () => {
      fake = await startFakeOpenAI()
      project = await copyFixture()
      await project.write('images.yaml', MANIFEST)
      await project.write(
        'entry.js',
        "import { hero, banner, photos, flux } from './images.yaml'\nglobalThis.imagegenFixture = { hero, banner, photos, flux }\n",
      )
    })
    afterAll(async () => {
      await fake?.close()
      await project?.remove()
    })

    it('builds, each entry generated through its own API, no key in the output, the store or the log', async () => {
      const lines: string[] = []
      const logger = {
        info: (message: string) => lines.push(message),
        warn: (message: string) => lines.push(message),
        error: (message: string) => lines.push(message),
        debug: (message: string) => lines.push(message),
      }
      const output = await BUNDLERS[name](project.root, {
        root: project.root,
        mode: 'generate',
        // The model of each image, to check which API made it (prompts stay out of bundles otherwise).
        meta: true,
        env: {
          OPENAI_API_KEY: OPENAI_KEY,
          OPENAI_BASE_URL: fake.url,
          [GOOGLE_KEY_VARIABLE[name]]: GOOGLE_KEY,
          GOOGLE_GEMINI_BASE_URL: fake.origin,
          FAL_KEY,
          FAL_BASE_URL: `${fake.origin}/fal`,
        },
        logger,
      })
      expect(fake.requests.map((request) => `${request.api} ${request.path}`).sort()).toEqual([
        'fal /fal/fal-ai/flux/schnell',
        'google /v1beta/models/gemini-2.5-flash-image:generateContent',
        'google /v1beta/models/imagen-4.0-fast-generate-001:predict',
        'openai /v1/images/generations',
      ])
      // The style reaches every prompt; the reference image only the model that reads input images.
      const gemini = fake.requests.find((request) => request.path.includes('gemini'))
      expect(gemini?.endpoint).toBe('edits')
      expect(JSON.stringify(gemini?.body)).toContain('An otter banner\\n\\nStyle: watercolor, soft light')
      const openai = fake.requests.find((request) => request.api === 'openai')?.body as { prompt: string }
      expect(openai.prompt).toBe('An otter\n\nStyle: watercolor, soft light')
      const fal = fake.requests.find((request) => request.api === 'fal')?.body
      expect(fal).toMatchObject({
        prompt: 'An otter in FLUX\n\nStyle: watercolor, soft light',
        image_size: 'square',
      })

      const { hero, banner, photos, flux } = (await output.run()) as Values
      expect(hero).toMatchObject({ width: 320, height: 320, format: 'webp', meta: { model: 'gpt-image-1' } })
      expect(banner).toMatchObject({
        width: 336,
        height: 192,
        format: 'webp',
        meta: { model: 'gemini-2.5-flash-image' },
      })
      expect(photos.map(({ width, height }) => [width, height])).toEqual([
        [320, 224],
        [320, 224],
      ])
      expect(flux).toMatchObject({
        width: 256,
        height: 256,
        format: 'webp',
        meta: { model: 'fal-ai/flux/schnell' },
      })

      for (const key of [OPENAI_KEY, GOOGLE_KEY, FAL_KEY]) {
        for (const file of [
          ...(await filesUnder(output.outDir)),
          ...(await filesUnder(join(project.root, '.imagegen'))),
        ])
          expect(file.bytes.includes(key), file.name).toBe(false)
        for (const line of lines) expect(line).not.toContain(key)
        expect(JSON.stringify(fake.requests)).not.toContain(key)
      }
    })
  },
)
