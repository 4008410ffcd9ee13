import { describe, expect, it } from 'vitest'
import {
  decode,
  describeImage,
  form,
  generate,
  imageBytes,
  imagesOf,
  postForm,
  startFake,
} from './helpers.js'

interface StreamEvent {
  event: string
  data: Record<string, unknown> & { type: string; b64_json: string }
}

async function readEvents(response: Response): Promise<StreamEvent[]> {
  const text = await response.text()
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? ''
      const data = JSON.parse(lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}')
      return { event, data }
    })
}

describe('streaming', () => {
  it('sends partial images then the completed image as server-sent events', async () => {
    const fake = await startFake()
    const request = { model: 'gpt-image-1', prompt: 'An otter', quality: 'low', output_format: 'webp' }
    const response = await generate(fake, { ...request, stream: true, partial_images: 2 })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const events = await readEvents(response)
    expect(events.map((event) => event.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ])
    expect(events.map((event) => event.data.type)).toEqual(events.map((event) => event.event))
    expect(events[0]?.data).toMatchObject({
      partial_image_index: 0,
      size: '1024x1024',
      output_format: 'webp',
    })
    expect(events[1]?.data.partial_image_index).toBe(1)
    const completed = events[2]?.data
    expect(completed?.usage).toMatchObject({ output_tokens: 272 + 2 * 100 })
    expect((await describeImage(decode(events[0]?.data ?? {}))).format).toBe('webp')
    const plain = await imagesOf(await generate(fake, request))
    expect(decode(completed ?? {})).toEqual(decode(plain.data[0] ?? {}))
  })

  it('streams edits as image_edit events, one completed event per image', async () => {
    const fake = await startFake()
    const fields = form([
      ['model', 'gpt-image-1'],
      ['prompt', 'x'],
      ['image', { bytes: await imageBytes(16, 16) }],
      ['stream', 'true'],
      ['n', '2'],
      ['quality', 'low'],
    ])
    const events = await readEvents(await postForm(fake, '/images/edits', fields))
    expect(events.map((event) => event.event)).toEqual(['image_edit.completed', 'image_edit.completed'])
  })

  it('paces the events by streamIntervalMs: each arrives that long after the one before', async () => {
    const fake = await startFake({ streamIntervalMs: 150 })
    const response = await generate(fake, {
      model: 'gpt-image-1',
      prompt: 'A slow otter',
      quality: 'low',
      stream: true,
      partial_images: 2,
    })
    const arrivals: number[] = []
    const decoder = new TextDecoder()
    let text = ''
    const started = performance.now()
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true })
      const events = text.split('\n\n').length - 1
      while (arrivals.length < events) arrivals.push(performance.now() - started)
    }
    expect(arrivals).toHaveLength(3)
    for (let index = 1; index < arrivals.length; index++) {
      expect((arrivals[index] ?? 0) - (arrivals[index - 1] ?? 0)).toBeGreaterThanOrEqual(100)
    }
  })

  it('stream-cut destroys the socket after the partial images: no completed event, the read fails', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'stream-cut' } }] })
    const response = await generate(fake, {
      model: 'gpt-image-1',
      prompt: 'An otter',
      quality: 'low',
      stream: true,
      partial_images: 2,
    })
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    await fake.close()
    expect(fake.requests[0]?.outcome).toBe('reset')
  })

  it('stream-error sends an error event with the service error body after afterEvents events', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'stream-error', afterEvents: 1 } }] })
    const response = await generate(fake, {
      model: 'gpt-image-1',
      prompt: 'An otter',
      quality: 'low',
      stream: true,
      partial_images: 2,
    })
    const events = await readEvents(response)
    expect(events.map((event) => event.event)).toEqual(['image_generation.partial_image', 'error'])
    expect(events[1]?.data).toMatchObject({
      type: 'error',
      error: { type: 'server_error', code: 'server_error' },
    })
  })

  it('stream faults leave answers that do not stream alone', async () => {
    const fake = await startFake({ faults: [{ fault: { kind: 'stream-cut' } }] })
    const plain = await imagesOf(
      await generate(fake, { model: 'gpt-image-1', prompt: 'An otter', quality: 'low' }),
    )
    expect(plain.data).toHaveLength(1)
  })
})
