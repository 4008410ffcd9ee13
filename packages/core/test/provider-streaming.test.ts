import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/providers/errors.js'
import { createOpenAIProvider } from '../src/providers/openai/index.js'
import type { PartialImage } from '../src/providers/types.js'
import {
  cheapJob,
  fakeEnv,
  job,
  providerFor,
  recordingLogger,
  rejection,
  startFake,
  tempDir,
  tinyJob,
  writeImage,
} from './generate-helpers.js'

/** Asks for `count` previews and keeps them, with the time each arrived. */
function collectPartials(count = 2) {
  const seen: (PartialImage & { at: number })[] = []
  return {
    seen,
    request: { count, onPartial: (image: PartialImage) => seen.push({ ...image, at: Date.now() }) },
  }
}

describe('the OpenAI provider streaming previews from the fake, over a real socket', () => {
  it('hands over the partial images in order as they arrive, then the same final image as without streaming', async () => {
    const fake = await startFake({ streamIntervalMs: 120 })
    const provider = providerFor(fake)
    const hero = await cheapJob('hero', { output_format: 'webp' })
    const { seen, request } = collectPartials(2)
    let finishedAt = 0
    const streamed = await provider.generate(hero, { partials: request }).finally(() => {
      finishedAt = Date.now()
    })

    expect(fake.requests[0]?.body).toMatchObject({ stream: true, partial_images: 2 })
    expect(seen.map(({ index, partialIndex }) => [index, partialIndex])).toEqual([
      [0, 0],
      [0, 1],
    ])
    // Delivered as they came, not all at the end: the last one a pacing interval before the result.
    expect(finishedAt - (seen[1]?.at ?? finishedAt)).toBeGreaterThanOrEqual(80)
    for (const partial of seen) {
      expect(partial.format).toBe('webp')
      expect((await sharp(partial.bytes).metadata()).width).toBe(1024)
    }
    expect(seen[0]?.bytes.equals(seen[1]?.bytes as Buffer)).toBe(false)

    const plain = await provider.generate(hero)
    expect(fake.requests[1]?.body).not.toHaveProperty('stream')
    expect(streamed.images).toHaveLength(1)
    expect(streamed.images[0]).toMatchObject({ format: 'webp', width: 1024, height: 1024 })
    expect(streamed.images[0]?.bytes.equals(plain.images[0]?.bytes as Buffer)).toBe(true)
    expect(streamed.images[0]?.bytes.equals(seen[1]?.bytes as Buffer)).toBe(false)
    // The completed event's usage: the plain answer's plus the previews' output tokens.
    expect(streamed.usage).toMatchObject({ output_tokens: 272 + 2 * 100 })
    expect(plain.usage).toMatchObject({ output_tokens: 272 })
    expect(streamed.requestId).toBe(fake.requests[0]?.id)
    expect(streamed.rateLimits?.limitRequests).toBe(100_000)
  })

  it('a server that refuses `stream` still gets the image: asked again without it, once, then never asked to stream', async () => {
    const fake = await startFake({ streaming: false })
    const logger = recordingLogger()
    const provider = createOpenAIProvider({}, fakeEnv(fake), logger)
    try {
      const hero = await cheapJob('hero')
      const { seen, request } = collectPartials(2)
      const first = await provider.generate(hero, { partials: request })
      const second = await provider.generate(await cheapJob('owl'), { partials: request })

      expect(fake.requests.map((sent) => [sent.status, (sent.body as { stream?: unknown }).stream])).toEqual([
        [400, true],
        [200, undefined],
        [200, undefined],
      ])
      expect(seen).toEqual([])
      expect(first.images).toHaveLength(1)
      expect(second.images).toHaveLength(1)
      const warnings = logger.lines.filter((line) => line.startsWith('warn'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/refused streaming .*stream.*previews are off/)
    } finally {
      await provider.close()
    }
  })

  it('streams edits as multipart, and adds up the usage of n completed images', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const photo = await writeImage(await tempDir(), 'photo.png')
    const edit = await job('hat', { prompt: 'Add a hat', quality: 'low', n: 2 }, { images: [photo] })
    const { seen, request } = collectPartials(1)
    const result = await provider.generate(edit, { partials: request })

    expect(fake.requests[0]).toMatchObject({ path: '/v1/images/edits' })
    expect(fake.requests[0]?.body).toMatchObject({ stream: 'true', partial_images: '1' })
    expect(seen.map(({ index, partialIndex }) => [index, partialIndex])).toEqual([
      [0, 0],
      [1, 0],
    ])
    expect(result.images).toHaveLength(2)
    const plain = await provider.generate(edit)
    expect(result.usage?.output_tokens).toBe((plain.usage?.output_tokens ?? 0) + 2 * 100)
    expect(result.usage?.input_tokens).toBe(plain.usage?.input_tokens)
  })

  it('never asks a model that cannot stream (DALL·E) to stream', async () => {
    const fake = await startFake()
    const { seen, request } = collectPartials(2)
    const result = await providerFor(fake).generate(await tinyJob('tiny'), { partials: request })
    expect(fake.requests[0]?.body).not.toHaveProperty('stream')
    expect(fake.requests[0]?.body).not.toHaveProperty('partial_images')
    expect(result.images).toHaveLength(1)
    expect(seen).toHaveLength(0)
  })

  it('a stream cut after its previews is a retryable network failure the service may have billed', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'stream-cut' } }] })
    const { seen, request } = collectPartials(2)
    const error = await rejection(providerFor(fake).generate(await cheapJob('cut'), { partials: request }))
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ code: 'PROVIDER_NETWORK', retryable: true, billed: true, entry: 'cut' })
    expect(seen).toHaveLength(2)
  })

  it('a stream that ends cleanly before its image is a retryable, billed answer failure', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'stream-cut', afterEvents: 1, clean: true } }] })
    const error = await rejection(
      providerFor(fake).generate(await cheapJob('short'), { partials: collectPartials(2).request }),
    )
    expect(error).toMatchObject({ code: 'PROVIDER_RESPONSE', retryable: true, billed: true })
    expect(String(error.message)).toContain('the stream ended after 0 of 1 image')
  })

  it('an error event in the stream is the service error it carries, billed', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'stream-error', afterEvents: 1 } }] })
    const provider = providerFor(fake)
    const server = await rejection(
      provider.generate(await cheapJob('oops'), { partials: collectPartials(2).request }),
    )
    expect(server).toMatchObject({ code: 'PROVIDER_SERVER', retryable: true, billed: true })
    expect(String(server.message)).toContain('The server had an error')

    fake.script([{ fault: { kind: 'stream-error', afterEvents: 0, code: 'moderation_blocked' } }])
    const refused = await rejection(
      provider.generate(await cheapJob('rude'), { partials: collectPartials(1).request }),
    )
    expect(refused).toMatchObject({ code: 'PROVIDER_MODERATION', retryable: false, billed: true })
  })
})
