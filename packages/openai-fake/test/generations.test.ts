import { describe, expect, it } from 'vitest'
import { decode, describeImage, generate, imagesOf, startFake } from './helpers.js'

describe('POST /v1/images/generations', () => {
  it('draws a GPT image at the requested size and format and echoes the request like the service', async () => {
    const fake = await startFake()
    const body = await imagesOf(
      await generate(fake, {
        model: 'gpt-image-1',
        prompt: 'A cute baby sea otter',
        size: '1536x1024',
        quality: 'high',
        output_format: 'webp',
      }),
    )
    expect(body.data).toHaveLength(1)
    expect(body.data[0]).not.toHaveProperty('url')
    expect(body.data[0]).not.toHaveProperty('revised_prompt')
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({
      format: 'webp',
      width: 1536,
      height: 1024,
    })
    expect(body).toMatchObject({
      background: 'opaque',
      output_format: 'webp',
      size: '1536x1024',
      quality: 'high',
    })
    expect(Math.abs(body.created - Date.now() / 1000)).toBeLessThan(5)
  })

  it('reports usage with the published token counts of each model, size and quality', async () => {
    const fake = await startFake()
    const square = await imagesOf(
      await generate(fake, { model: 'gpt-image-1', prompt: 'abcdefgh', quality: 'low' }),
    )
    expect(square.usage).toMatchObject({
      input_tokens: 2 + 6,
      input_tokens_details: { text_tokens: 2 + 6, image_tokens: 0 },
      output_tokens: 272,
      total_tokens: 280,
    })
    const medium = await imagesOf(
      await generate(fake, { model: 'gpt-image-1', prompt: 'x', quality: 'medium', n: 2 }),
    )
    expect(medium.usage?.output_tokens).toBe(2 * 1056)
    const tall = await imagesOf(
      await generate(fake, { model: 'gpt-image-1', prompt: 'x', quality: 'high', size: '1024x1536' }),
    )
    expect(tall.usage?.output_tokens).toBe(6240)
    const output = async (request: Record<string, unknown>) =>
      (await imagesOf(await generate(fake, { prompt: 'x', ...request }))).usage?.output_tokens
    // Landscape is not portrait turned: the guide lists 6208, not 6240.
    expect(await output({ model: 'gpt-image-1', quality: 'high', size: '1536x1024' })).toBe(6208)
    expect(await output({ model: 'gpt-image-1-mini', quality: 'low', size: '1024x1024' })).toBe(625)
    expect(await output({ model: 'gpt-image-2', quality: 'high', size: '1024x1024' })).toBe(7024)
    expect(await output({ model: 'gpt-image-2', quality: 'high', size: '1536x1024' })).toBe(5488)
  })

  it('resolves auto: 1024x1024, medium quality, opaque, png', async () => {
    const fake = await startFake()
    const body = await imagesOf(await generate(fake, { model: 'gpt-image-1.5', prompt: 'x', size: 'auto' }))
    expect(body).toMatchObject({
      size: '1024x1024',
      quality: 'medium',
      background: 'opaque',
      output_format: 'png',
    })
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({
      format: 'png',
      width: 1024,
      height: 1024,
    })
  })

  it('keeps transparency for a transparent background', async () => {
    const fake = await startFake()
    const body = await imagesOf(
      await generate(fake, {
        model: 'gpt-image-1-mini',
        prompt: 'logo',
        background: 'transparent',
        quality: 'low',
      }),
    )
    expect(body.background).toBe('transparent')
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({ format: 'png', hasAlpha: true })
  })

  it('draws gpt-image-2 at a flexible size', async () => {
    const fake = await startFake()
    const body = await imagesOf(
      await generate(fake, { model: 'gpt-image-2', prompt: 'banner', size: '1536x864' }),
    )
    expect(body.size).toBe('1536x864')
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({ width: 1536, height: 864 })
  })

  it('is deterministic: the same request gives the same bytes; prompt, index and size change them', async () => {
    const fake = await startFake()
    const request = { model: 'gpt-image-1', prompt: 'An otter', n: 2, quality: 'low' }
    const first = await imagesOf(await generate(fake, request))
    const again = await imagesOf(await generate(fake, request))
    expect(again.data.map(decode)).toEqual(first.data.map(decode))
    const [one, two] = first.data.map(decode)
    expect(one?.equals(two ?? Buffer.alloc(0))).toBe(false)
    const otherPrompt = await imagesOf(await generate(fake, { ...request, prompt: 'A beaver', n: 1 }))
    expect(decode(otherPrompt.data[0] ?? {}).equals(one ?? Buffer.alloc(0))).toBe(false)
    const otherSize = await imagesOf(await generate(fake, { ...request, n: 1, size: '1024x1536' }))
    expect(decode(otherSize.data[0] ?? {}).equals(one ?? Buffer.alloc(0))).toBe(false)
  })

  it('is deterministic across servers', async () => {
    const request = { model: 'gpt-image-1', prompt: 'Same everywhere', quality: 'low', output_format: 'jpeg' }
    const a = await imagesOf(await generate(await startFake(), request))
    const b = await imagesOf(await generate(await startFake(), request))
    expect(decode(a.data[0] ?? {})).toEqual(decode(b.data[0] ?? {}))
  })

  it('defaults to dall-e-2 with a URL the fake serves, PNG, and no GPT echo or usage', async () => {
    const fake = await startFake()
    const body = await imagesOf(await generate(fake, { prompt: 'An otter', size: '256x256' }))
    expect(Object.keys(body).sort()).toEqual(['created', 'data'])
    const url = body.data[0]?.url ?? ''
    expect(url.startsWith(`${fake.origin}/files/`)).toBe(true)
    const download = await fetch(url)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await download.arrayBuffer())
    expect(await describeImage(bytes)).toMatchObject({ format: 'png', width: 256, height: 256 })
    expect(fake.requests[0]?.model).toBe('dall-e-2')
    expect(fake.downloads).toHaveLength(1)
    expect(fake.downloads[0]?.status).toBe(200)
  })

  it('gives the same bytes as url and as b64_json', async () => {
    const fake = await startFake()
    const request = { model: 'dall-e-2', prompt: 'same picture', size: '512x512' }
    const asUrl = await imagesOf(await generate(fake, { ...request, response_format: 'url' }))
    const asB64 = await imagesOf(await generate(fake, { ...request, response_format: 'b64_json' }))
    const downloaded = Buffer.from(await (await fetch(asUrl.data[0]?.url ?? '')).arrayBuffer())
    expect(downloaded).toEqual(decode(asB64.data[0] ?? {}))
  })

  it('picks a GPT image model when the model is omitted but a GPT-only parameter is present', async () => {
    const fake = await startFake()
    const body = await imagesOf(await generate(fake, { prompt: 'x', output_format: 'jpeg', quality: 'low' }))
    expect(body.output_format).toBe('jpeg')
    expect(fake.requests[0]?.model).toBe('gpt-image-1.5')
  })

  it('answers dall-e-3 with a revised prompt and its own sizes', async () => {
    const fake = await startFake()
    const body = await imagesOf(
      await generate(fake, {
        model: 'dall-e-3',
        prompt: 'A lighthouse',
        size: '1792x1024',
        quality: 'hd',
        style: 'natural',
        response_format: 'b64_json',
      }),
    )
    expect(body.data[0]?.revised_prompt).toMatch(/^A lighthouse, /)
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({
      format: 'png',
      width: 1792,
      height: 1024,
    })
  })

  it('expires url answers after urlTtlMs', async () => {
    let now = Date.now()
    const fake = await startFake({ urlTtlMs: 1000, now: () => now })
    const body = await imagesOf(await generate(fake, { model: 'dall-e-2', prompt: 'x', size: '256x256' }))
    now += 1001
    expect((await fetch(body.data[0]?.url ?? '')).status).toBe(403)
    expect((await fetch(`${fake.origin}/files/img-unknown.png`)).status).toBe(404)
  })

  it('sends the service headers: a unique request id, processing time, version', async () => {
    const fake = await startFake()
    const first = await generate(fake, { model: 'dall-e-2', prompt: 'x', size: '256x256' })
    const second = await generate(fake, { model: 'dall-e-2', prompt: 'x', size: '256x256' })
    const id = first.headers.get('x-request-id') ?? ''
    expect(id).toMatch(/^req_[0-9a-f]{32}$/)
    expect(second.headers.get('x-request-id')).not.toBe(id)
    expect(first.headers.get('openai-processing-ms')).toMatch(/^\d+$/)
    expect(first.headers.get('content-type')).toBe('application/json')
    expect(fake.requests.map((request) => request.id)).toEqual([id, second.headers.get('x-request-id')])
  })

  it('records each request without its key', async () => {
    const fake = await startFake()
    await generate(fake, { model: 'gpt-image-1', prompt: 'recorded', quality: 'low', user: 'u-1' })
    const [request] = fake.requests
    expect(request).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/v1/images/generations',
      endpoint: 'generations',
      api: 'openai',
      body: { model: 'gpt-image-1', prompt: 'recorded', quality: 'low', user: 'u-1' },
      model: 'gpt-image-1',
      status: 200,
      outcome: 'answered',
    })
    expect(request?.headers).not.toHaveProperty('authorization')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(JSON.stringify(request)).not.toContain('sk-test')
    expect(request?.durationMs).toBeGreaterThanOrEqual(0)
  })
})
