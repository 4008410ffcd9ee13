import type { Fault } from '@imagegen/openai-fake'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/providers/errors.js'
import {
  googleJob,
  googleProviderFor,
  job,
  rejection,
  SECRET,
  schedulerFor,
  serializeError,
  startFake,
  tempDir,
  writeImage,
} from './generate-helpers.js'

describe('the Google provider against the fake Gemini API', () => {
  it('generates with a Gemini model: generateContent, the key in x-goog-api-key, the aspect ratio in imageConfig', async () => {
    const fake = await startFake({ apiKey: SECRET })
    const provider = googleProviderFor(fake)
    const result = await provider.generate(
      await job('hero', { model: 'gemini-2.5-flash-image', prompt: 'An otter', aspectRatio: '16:9' }),
    )
    expect(result.images).toHaveLength(1)
    expect(result.images[0]).toMatchObject({ format: 'png', width: 1344, height: 768 })
    expect(result.usage?.total_tokens).toBeGreaterThan(1290)
    const [request] = fake.requests
    expect(request).toMatchObject({
      path: '/v1beta/models/gemini-2.5-flash-image:generateContent',
      status: 200,
    })
    expect(request?.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'An otter' }] }],
      generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '16:9' } },
    })
    expect(JSON.stringify(request)).not.toContain(SECRET)
  })

  it('edits: the entry images, then the reference images, as inlineData parts; the style ends the prompt', async () => {
    const fake = await startFake()
    const dir = await tempDir()
    const photo = await writeImage(dir, 'photo.png', { width: 90, height: 60 })
    const reference = await writeImage(dir, 'palette.jpg', { width: 32, height: 32, format: 'jpeg' })
    const provider = googleProviderFor(fake)
    const edit = await job(
      'hat',
      { model: 'gemini-2.5-flash-image', prompt: 'Give it a hat' },
      { images: [photo], references: [reference], style: 'flat pastel' },
    )
    expect(edit.recipe.inputs.references).toHaveLength(1)
    const result = await provider.generate(edit)
    // No aspect ratio: the fake, like Gemini, follows the first input's (3:2).
    expect(result.images[0]).toMatchObject({ width: 1248, height: 832 })
    const body = fake.requests[0]?.body as { contents: { parts: Record<string, { mimeType?: string }>[] }[] }
    const parts = body.contents[0]?.parts
    expect(parts?.map((part) => Object.keys(part)[0])).toEqual(['text', 'inlineData', 'inlineData'])
    expect(parts?.[0]).toEqual({ text: 'Give it a hat\n\nStyle: flat pastel' })
    expect(parts?.map((part) => part.inlineData?.mimeType)).toEqual([undefined, 'image/png', 'image/jpeg'])
    expect(fake.requests[0]?.endpoint).toBe('edits')
  })

  it('generates with Imagen: predict with sampleCount, aspectRatio and personGeneration', async () => {
    const fake = await startFake()
    const provider = googleProviderFor(fake)
    const result = await provider.generate(
      await job('set', {
        model: 'imagen-4.0-fast-generate-001',
        prompt: 'Three otters',
        n: 2,
        aspectRatio: '9:16',
      }),
    )
    expect(result.images.map(({ width, height }) => [width, height])).toEqual([
      [768, 1408],
      [768, 1408],
    ])
    const [first, second] = result.images
    expect(first?.bytes.equals(second?.bytes ?? Buffer.alloc(0))).toBe(false)
    expect(fake.requests[0]?.path).toBe('/v1beta/models/imagen-4.0-fast-generate-001:predict')
    expect(fake.requests[0]?.body).toEqual({
      instances: [{ prompt: 'Three otters' }],
      parameters: { sampleCount: 2, aspectRatio: '9:16', personGeneration: 'allow_adult' },
    })
    expect((await sharp(first?.bytes).metadata()).format).toBe('png')
  })

  const cases: { fault: Fault; code: string; retryable: boolean; retryAfterMs?: number }[] = [
    {
      fault: { kind: 'rate-limit', retryAfterSeconds: 7 },
      code: 'PROVIDER_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 7000,
    },
    { fault: { kind: 'insufficient-quota' }, code: 'PROVIDER_QUOTA', retryable: false },
    { fault: { kind: 'moderation' }, code: 'PROVIDER_MODERATION', retryable: false },
    { fault: { kind: 'moderation', on: 'image' }, code: 'PROVIDER_MODERATION', retryable: false },
    { fault: { kind: 'status', status: 503 }, code: 'PROVIDER_SERVER', retryable: true },
    {
      fault: { kind: 'status', status: 400, message: 'bad' },
      code: 'PROVIDER_INVALID_REQUEST',
      retryable: false,
    },
    { fault: { kind: 'reset', afterBytes: 10 }, code: 'PROVIDER_NETWORK', retryable: true },
    { fault: { kind: 'truncated-body' }, code: 'PROVIDER_RESPONSE', retryable: true },
    { fault: { kind: 'wrong-content-type' }, code: 'PROVIDER_RESPONSE', retryable: true },
    { fault: { kind: 'invalid-base64' }, code: 'PROVIDER_RESPONSE', retryable: true },
    { fault: { kind: 'oversized-image', bytes: 3_000_000 }, code: 'PROVIDER_RESPONSE', retryable: false },
    { fault: { kind: 'hang' }, code: 'PROVIDER_TIMEOUT', retryable: true },
  ]
  for (const model of ['gemini-2.5-flash-image', 'imagen-4.0-generate-001']) {
    for (const testCase of cases) {
      const on = 'on' in testCase.fault ? ` on the ${testCase.fault.on}` : ''
      it(`${model}: ${testCase.fault.kind}${on} → ${testCase.code} (retryable: ${testCase.retryable})`, async () => {
        const fake = await startFake({ faults: [{ fault: testCase.fault }] })
        const timeoutMs = testCase.fault.kind === 'hang' ? 500 : 10_000
        const provider = googleProviderFor(fake, { timeoutMs, maxResponseBytes: 1_000_000 })
        const error = await rejection(provider.generate(await job('broken', { model, prompt: 'An otter' })))
        expect(error).toBeInstanceOf(ProviderError)
        expect(error).toMatchObject({ code: testCase.code, retryable: testCase.retryable, entry: 'broken' })
        if (testCase.retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(testCase.retryAfterMs)
        expect(serializeError(error)).not.toContain(SECRET)
      })
    }
  }

  it('a Gemini image refused after drawing (finishReason IMAGE_SAFETY) is a safety refusal, not retried', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'moderation', on: 'image' } }] })
    const { scheduler } = await schedulerFor(fake)
    const error = await rejection(
      scheduler.run(await googleJob('unsafe', { model: 'gemini-2.5-flash-image' })),
    )
    expect(error).toMatchObject({ code: 'PROVIDER_MODERATION', retryable: false, entry: 'unsafe' })
    expect(error.message).toContain('the model declined to draw it (IMAGE_SAFETY)')
    expect(String(error.hint)).toContain('reword the prompt')
    expect(fake.requests).toHaveLength(1)
  })

  it('a wrong key is an authentication error naming the variable, without the key', async () => {
    const fake = await startFake({ apiKey: 'the-right-key' })
    const provider = googleProviderFor(fake)
    const error = await rejection(
      provider.generate(await job('a', { model: 'gemini-2.5-flash-image', prompt: 'x' })),
    )
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH', retryable: false })
    expect(String(error.hint)).toContain('GEMINI_API_KEY')
    expect(serializeError(error)).not.toContain(SECRET)
  })

  it('a request outside the published schema is refused by the fake as Google would', async () => {
    const fake = await startFake()
    const provider = googleProviderFor(fake)
    const error = await rejection(
      provider.generate(
        await job('a', { model: 'imagen-4.0-fast-generate-001', prompt: 'x', imageSize: '2K' }),
      ),
    )
    expect(error).toMatchObject({ code: 'PROVIDER_INVALID_REQUEST' })
    expect(error.message).toContain('imageSize is not supported')
  })

  it('without a key, nothing is sent', async () => {
    const fake = await startFake()
    const provider = googleProviderFor(fake, {}, { GOOGLE_GEMINI_BASE_URL: fake.origin })
    const error = await rejection(
      provider.generate(await job('a', { model: 'gemini-2.5-flash-image', prompt: 'x' })),
    )
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH' })
    expect(fake.requests).toHaveLength(0)
  })
})
