import type { Fault } from '@imagegen/openai-fake'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/providers/errors.js'
import { createFalProvider } from '../src/providers/fal/index.js'
import { falEnv, falJob, rejection, SECRET, serializeError, startFake } from './generate-helpers.js'

describe('the fal provider against the fake fal apps', () => {
  it('posts the app input with Authorization: Key, sync_mode, and decodes the inline images', async () => {
    const fake = await startFake({ apiKey: SECRET })
    const provider = createFalProvider({}, falEnv(fake))
    const result = await provider.generate(
      await falJob('hero', {
        model: 'fal-ai/flux/dev',
        image_size: 'landscape_16_9',
        n: 2,
        output_format: 'png',
      }),
    )
    await provider.close()
    expect(result.images.map(({ width, height, format }) => [width, height, format])).toEqual([
      [1024, 576, 'png'],
      [1024, 576, 'png'],
    ])
    const [request] = fake.requests
    expect(request).toMatchObject({ api: 'fal', path: '/fal/fal-ai/flux/dev', status: 200 })
    expect(request?.body).toEqual({
      prompt: 'An otter named hero',
      num_images: 2,
      sync_mode: true,
      image_size: 'landscape_16_9',
      output_format: 'png',
    })
    expect(result.requestId).toBe(request?.id.slice(4))
    expect(JSON.stringify(request)).not.toContain(SECRET)
  })

  const cases: { fault: Fault; code: string; retryable: boolean; retryAfterMs?: number }[] = [
    {
      fault: { kind: 'rate-limit', retryAfterSeconds: 3 },
      code: 'PROVIDER_RATE_LIMIT',
      retryable: true,
      retryAfterMs: 3000,
    },
    { fault: { kind: 'insufficient-quota' }, code: 'PROVIDER_QUOTA', retryable: false },
    { fault: { kind: 'moderation' }, code: 'PROVIDER_MODERATION', retryable: false },
    { fault: { kind: 'status', status: 502 }, code: 'PROVIDER_SERVER', retryable: true },
    { fault: { kind: 'status', status: 401 }, code: 'PROVIDER_AUTH', retryable: false },
    { fault: { kind: 'invalid-base64' }, code: 'PROVIDER_RESPONSE', retryable: true },
    { fault: { kind: 'truncated-body' }, code: 'PROVIDER_RESPONSE', retryable: true },
    { fault: { kind: 'hang' }, code: 'PROVIDER_TIMEOUT', retryable: true },
  ]
  it.each(cases)('$fault.kind → $code', async ({ fault, code, retryable, retryAfterMs }) => {
    const fake = await startFake({ faults: [{ fault }] })
    const provider = createFalProvider({ timeoutMs: fault.kind === 'hang' ? 500 : 10_000 }, falEnv(fake))
    const error = await rejection(provider.generate(await falJob('broken')))
    await provider.close()
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ code, retryable, entry: 'broken' })
    if (retryAfterMs !== undefined) expect(error.retryAfterMs).toBe(retryAfterMs)
    expect(serializeError(error)).not.toContain(SECRET)
  })

  it('an input outside the app’s published schema is fal’s 422, not retried', async () => {
    const fake = await startFake()
    const provider = createFalProvider({}, falEnv(fake))
    const error = await rejection(
      provider.generate(await falJob('big', { model: 'fal-ai/recraft/v3/text-to-image', n: 2 })),
    )
    await provider.close()
    expect(error).toMatchObject({ code: 'PROVIDER_INVALID_REQUEST', status: 422, retryable: false })
    expect(error.message).toContain('num_images')
  })
})
