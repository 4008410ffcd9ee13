import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { startFake } from './helpers.js'

const KEY = 'gemini-test-key-123456'

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

describe("Google's Gemini API", () => {
  const generate = (origin: string, model: string, method = 'generateContent') =>
    `${origin}/v1beta/models/${model}:${method}`
  const prompt = {
    contents: [{ parts: [{ text: 'An otter' }] }],
    generationConfig: { responseModalities: ['IMAGE'] },
  }

  it('answers generateContent with an inline PNG of the aspect ratio, usage and a response id', async () => {
    const fake = await startFake()
    const body = {
      ...prompt,
      generationConfig: { ...prompt.generationConfig, imageConfig: { aspectRatio: '9:16' } },
    }
    const { status, json } = await post(generate(fake.origin, 'gemini-2.5-flash-image'), body, {
      'x-goog-api-key': KEY,
    })
    expect(status).toBe(200)
    const candidate = (json.candidates as { content: { parts: { inlineData?: { data: string } }[] } }[])[0]
    const data = candidate?.content.parts.find((part) => part.inlineData)?.inlineData?.data ?? ''
    expect(await sharp(Buffer.from(data, 'base64')).metadata()).toMatchObject({
      format: 'png',
      width: 768,
      height: 1344,
    })
    expect(json.usageMetadata).toMatchObject({ candidatesTokenCount: 1290 })
  })

  it('takes the key as ?key= too, and never records it', async () => {
    const fake = await startFake({ apiKey: KEY })
    const { status } = await post(`${generate(fake.origin, 'gemini-2.5-flash-image')}?key=${KEY}`, prompt, {})
    expect(status).toBe(200)
    expect(JSON.stringify(fake.requests)).not.toContain(KEY)
  })

  it.each([
    ['no key', {}, prompt, 403, 'PERMISSION_DENIED'],
    ['a wrong key', { 'x-goog-api-key': 'wrong' }, prompt, 400, 'INVALID_ARGUMENT'],
    [
      'a field outside the schema',
      { 'x-goog-api-key': KEY },
      { ...prompt, tools: [] },
      400,
      'INVALID_ARGUMENT',
    ],
    [
      'an aspect ratio Gemini does not make',
      { 'x-goog-api-key': KEY },
      { ...prompt, generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '7:3' } } },
      400,
      'INVALID_ARGUMENT',
    ],
  ])('%s → %i %s, as Google shapes its errors', async (_what, headers, body, code, statusName) => {
    const fake = await startFake({ apiKey: KEY })
    const { status, json } = await post(generate(fake.origin, 'gemini-2.5-flash-image'), body, headers)
    expect(status).toBe(code)
    expect(json.error).toMatchObject({ code, status: statusName, message: expect.any(String) })
  })

  it('refuses a prompt with promptFeedback, and a drawn image with finishReason IMAGE_SAFETY', async () => {
    const fake = await startFake({
      faults: [
        { match: { prompt: 'prompt-refused' }, fault: { kind: 'moderation' } },
        { match: { prompt: 'image-refused' }, fault: { kind: 'moderation', on: 'image' } },
      ],
    })
    const ask = async (text: string) =>
      (
        await post(
          generate(fake.origin, 'gemini-2.5-flash-image'),
          { ...prompt, contents: [{ parts: [{ text }] }] },
          { 'x-goog-api-key': KEY },
        )
      ).json
    expect(await ask('An otter, prompt-refused')).toMatchObject({
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
    })
    for (const text of ['An otter, image-refused', 'An otter [fake:moderation=image]']) {
      const answer = await ask(text)
      expect(answer.candidates, text).toEqual([{ finishReason: 'IMAGE_SAFETY', index: 0 }])
      expect(answer.promptFeedback, text).toBeUndefined()
    }
    expect(fake.requests.map((request) => [request.status, request.fault])).toEqual([
      [200, 'moderation'],
      [200, 'moderation'],
      [200, 'moderation'],
    ])
  })

  it('an Imagen model through generateContent is a 404, as on the service', async () => {
    const fake = await startFake()
    const { status, json } = await post(generate(fake.origin, 'imagen-4.0-generate-001'), prompt, {
      'x-goog-api-key': KEY,
    })
    expect(status).toBe(404)
    expect(String((json.error as { message: string }).message)).toContain(
      'is not found for API version v1beta',
    )
  })

  it('a per-minute limit is 429 RESOURCE_EXHAUSTED with a RetryInfo, and no rate-limit headers', async () => {
    const fake = await startFake({ requestsPerMinute: 1 })
    const url = generate(fake.origin, 'imagen-4.0-fast-generate-001', 'predict')
    const body = { instances: [{ prompt: 'An otter' }], parameters: { sampleCount: 1 } }
    expect((await post(url, body, { 'x-goog-api-key': KEY })).status).toBe(200)
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(429)
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([])
    const { error } = (await response.json()) as {
      error: { status: string; details: { retryDelay?: string }[] }
    }
    expect(error.status).toBe('RESOURCE_EXHAUSTED')
    expect(error.details.find((detail) => detail.retryDelay)?.retryDelay).toMatch(/^\d+s$/)
  })
})

describe('fal apps', () => {
  it('needs Authorization: Key, validates the input schema with 422 details, answers data URIs', async () => {
    const fake = await startFake()
    const url = `${fake.origin}/fal/fal-ai/flux/schnell`
    expect((await post(url, { prompt: 'x' }, {})).status).toBe(401)
    const refused = await post(url, { prompt: 'x', num_images: 9 }, { authorization: 'Key k' })
    expect(refused).toMatchObject({ status: 422, json: { detail: [{ loc: ['body', 'num_images'] }] } })
    const { status, json } = await post(
      url,
      { prompt: 'x', image_size: 'square', sync_mode: true },
      { authorization: 'Key k' },
    )
    expect(status).toBe(200)
    expect(json).toMatchObject({
      images: [{ width: 512, height: 512, content_type: 'image/jpeg' }],
      has_nsfw_concepts: [false],
    })
    expect(String((json.images as { url: string }[])[0]?.url)).toMatch(/^data:image\/jpeg;base64,\/9j\//)
  })
})
