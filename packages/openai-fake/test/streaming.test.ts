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
})
