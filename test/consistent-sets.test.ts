import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeEnv, requestPrompt } from './helpers/fake-apis.js'
import { createProject } from './helpers/project.js'
import { runImagegen } from './helpers/run-cli.js'

/** One entry per API; `photo` and `logo` set their own style (the empty one opts out of the default). */
const manifest = (style: string) => `defaults:
  style_prompt: ${style}

images:
  hero:
    model: gpt-image-1
    prompt: An otter hero
    quality: low
    size: 1024x1024
  banner:
    model: gemini-2.5-flash-image
    prompt: An otter banner
  flux:
    model: fal-ai/flux/schnell
    prompt: An otter in FLUX
    image_size: square
  photo:
    model: imagen-4.0-fast-generate-001
    prompt: An otter photo
    style_prompt: 35 mm film photograph
  logo:
    model: gpt-image-1
    prompt: An otter logo
    quality: low
    size: 1024x1024
    style_prompt: ""
`

let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI()
})
afterAll(async () => {
  await fake.close()
})

describe('a site-wide style in defaults, across providers', () => {
  it('changing defaults.style_prompt requests again exactly the entries it reaches, and nothing else', async () => {
    const root = await createProject({ 'images.yaml': manifest('watercolor, soft light') })
    const env = fakeEnv(fake)
    const generate = async () => {
      const before = fake.requests.length
      const result = await runImagegen(['generate'], { cwd: root, env })
      expect(result.code, result.stderr).toBe(0)
      const requests = fake.requests.slice(before)
      return { result, sent: requests.map((request) => `${request.api}: ${requestPrompt(request)}`).sort() }
    }

    const first = await generate()
    expect(first.sent).toEqual([
      'fal: An otter in FLUX\n\nStyle: watercolor, soft light',
      'google: An otter banner\n\nStyle: watercolor, soft light',
      'google: An otter photo\n\nStyle: 35 mm film photograph',
      'openai: An otter hero\n\nStyle: watercolor, soft light',
      'openai: An otter logo',
    ])

    await writeFile(join(root, 'images.yaml'), manifest('ink drawing, cross-hatched'))
    const second = await generate()
    expect(second.sent).toEqual([
      'fal: An otter in FLUX\n\nStyle: ink drawing, cross-hatched',
      'google: An otter banner\n\nStyle: ink drawing, cross-hatched',
      'openai: An otter hero\n\nStyle: ink drawing, cross-hatched',
    ])
    expect(second.result.stdout).toMatch(/^generated\s+3$/m)
    expect(second.result.stdout).toMatch(/^from store\s+2$/m)

    // Nothing changed since: nothing is sent.
    expect((await generate()).sent).toEqual([])
  }, 60_000)
})
