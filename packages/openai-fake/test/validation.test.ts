import { describe, expect, it } from 'vitest'
import { AUTH, type ErrorBody, generate, startFake } from './helpers.js'

const LONG = (length: number) => 'a'.repeat(length)

/** [what, body, param, code] */
const BAD_GENERATIONS: [string, Record<string, unknown>, string | null, string][] = [
  ['an unknown field', { prompt: 'x', colour: 'red' }, 'colour', 'unknown_parameter'],
  ['no prompt', { model: 'gpt-image-1' }, 'prompt', 'missing_required_parameter'],
  ['a null prompt', { prompt: null }, 'prompt', 'missing_required_parameter'],
  ['an empty prompt', { prompt: '' }, 'prompt', 'string_below_min_length'],
  ['n as a string', { prompt: 'x', n: '2' }, 'n', 'invalid_type'],
  ['n as a decimal', { prompt: 'x', n: 1.5 }, 'n', 'invalid_type'],
  ['n=0', { prompt: 'x', n: 0 }, 'n', 'integer_below_min_value'],
  ['n=11', { prompt: 'x', n: 11 }, 'n', 'integer_above_max_value'],
  ['n=2 on dall-e-3', { model: 'dall-e-3', prompt: 'x', n: 2 }, 'n', 'integer_above_max_value'],
  ['an unknown model', { model: 'gpt-image-9', prompt: 'x' }, 'model', 'invalid_value'],
  [
    'chatgpt-image-latest (edits only)',
    { model: 'chatgpt-image-latest', prompt: 'x' },
    'model',
    'invalid_value',
  ],
  ['a bad quality enum', { prompt: 'x', quality: 'ultra' }, 'quality', 'invalid_value'],
  ['hd on gpt-image-1', { model: 'gpt-image-1', prompt: 'x', quality: 'hd' }, 'quality', 'invalid_value'],
  ['low on dall-e-3', { model: 'dall-e-3', prompt: 'x', quality: 'low' }, 'quality', 'invalid_value'],
  [
    '1792x1024 on gpt-image-1',
    { model: 'gpt-image-1', prompt: 'x', size: '1792x1024' },
    'size',
    'invalid_value',
  ],
  ['1536x1024 on dall-e-3', { model: 'dall-e-3', prompt: 'x', size: '1536x1024' }, 'size', 'invalid_value'],
  ['auto on dall-e-2', { model: 'dall-e-2', prompt: 'x', size: 'auto' }, 'size', 'invalid_value'],
  [
    'gpt-image-2 not divisible by 16',
    { model: 'gpt-image-2', prompt: 'x', size: '1000x1000' },
    'size',
    'invalid_value',
  ],
  [
    'gpt-image-2 beyond 3:1',
    { model: 'gpt-image-2', prompt: 'x', size: '3200x1056' },
    'size',
    'invalid_value',
  ],
  [
    'gpt-image-2 beyond 3840 wide',
    { model: 'gpt-image-2', prompt: 'x', size: '3856x2160' },
    'size',
    'invalid_value',
  ],
  [
    'gpt-image-2 beyond 3840x2160 pixels',
    { model: 'gpt-image-2', prompt: 'x', size: '2896x2896' },
    'size',
    'invalid_value',
  ],
  ['gpt-image-2 size nonsense', { model: 'gpt-image-2', prompt: 'x', size: 'big' }, 'size', 'invalid_value'],
  [
    'style on gpt-image-1',
    { model: 'gpt-image-1', prompt: 'x', style: 'vivid' },
    'style',
    'unsupported_parameter',
  ],
  ['style on dall-e-2', { model: 'dall-e-2', prompt: 'x', style: 'vivid' }, 'style', 'unsupported_parameter'],
  ['a bad style enum', { model: 'dall-e-3', prompt: 'x', style: 'moody' }, 'style', 'invalid_value'],
  [
    'response_format on gpt-image-1',
    { model: 'gpt-image-1', prompt: 'x', response_format: 'b64_json' },
    'response_format',
    'unsupported_parameter',
  ],
  [
    'background on dall-e-3',
    { model: 'dall-e-3', prompt: 'x', background: 'opaque' },
    'background',
    'unsupported_parameter',
  ],
  [
    'output_format on dall-e-2',
    { model: 'dall-e-2', prompt: 'x', output_format: 'png' },
    'output_format',
    'unsupported_parameter',
  ],
  [
    'moderation on dall-e-3',
    { model: 'dall-e-3', prompt: 'x', moderation: 'low' },
    'moderation',
    'unsupported_parameter',
  ],
  ['stream on dall-e-2', { model: 'dall-e-2', prompt: 'x', stream: true }, 'stream', 'unsupported_parameter'],
  [
    'input_fidelity (edits only)',
    { model: 'gpt-image-1', prompt: 'x', input_fidelity: 'high' },
    'input_fidelity',
    'unknown_parameter',
  ],
  [
    'transparent with jpeg',
    { model: 'gpt-image-1', prompt: 'x', background: 'transparent', output_format: 'jpeg' },
    'background',
    'invalid_value',
  ],
  [
    'output_compression with png',
    { model: 'gpt-image-1', prompt: 'x', output_compression: 50 },
    'output_compression',
    'invalid_value',
  ],
  [
    'output_compression above 100',
    { model: 'gpt-image-1', prompt: 'x', output_format: 'webp', output_compression: 101 },
    'output_compression',
    'integer_above_max_value',
  ],
  [
    'partial_images=4',
    { model: 'gpt-image-1', prompt: 'x', stream: true, partial_images: 4 },
    'partial_images',
    'integer_above_max_value',
  ],
  ['stream as a string', { model: 'gpt-image-1', prompt: 'x', stream: 'yes' }, 'stream', 'invalid_type'],
  [
    'a 1001-character prompt on dall-e-2',
    { model: 'dall-e-2', prompt: LONG(1001) },
    'prompt',
    'string_above_max_length',
  ],
  [
    'a 4001-character prompt on dall-e-3',
    { model: 'dall-e-3', prompt: LONG(4001) },
    'prompt',
    'string_above_max_length',
  ],
  [
    'a 32001-character prompt on gpt-image-1',
    { model: 'gpt-image-1', prompt: LONG(32001) },
    'prompt',
    'string_above_max_length',
  ],
]

describe('request validation against the spec', () => {
  it.each(BAD_GENERATIONS)('rejects %s with 400', async (_, body, param, code) => {
    const fake = await startFake()
    const response = await generate(fake, body)
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as ErrorBody
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code })
    expect(error.message.length).toBeGreaterThan(10)
  })

  it.each([
    ['the longest dall-e-2 prompt', { model: 'dall-e-2', prompt: LONG(1000), size: '256x256' }],
    ['the longest dall-e-3 prompt', { model: 'dall-e-3', prompt: LONG(4000), response_format: 'b64_json' }],
    ['gpt-image-2 at 3:1', { model: 'gpt-image-2', prompt: 'x', size: '3072x1024', quality: 'low' }],
    ['gpt-image-2 at 3840x2160', { model: 'gpt-image-2', prompt: 'x', size: '3840x2160', quality: 'low' }],
    [
      'gpt-image-2 portrait 2160x3840',
      { model: 'gpt-image-2', prompt: 'x', size: '2160x3840', quality: 'low' },
    ],
    [
      'nulls for nullable fields',
      { model: null, prompt: 'x', n: null, size: null, quality: null, style: null },
    ],
    [
      'webp with compression',
      { model: 'gpt-image-1', prompt: 'x', output_format: 'webp', output_compression: 0 },
    ],
    [
      'png with compression 100',
      { model: 'gpt-image-1', prompt: 'x', output_compression: 100, quality: 'low' },
    ],
    ['moderation low', { model: 'gpt-image-1', prompt: 'x', moderation: 'low', quality: 'low' }],
    ['the dated gpt-image-2 snapshot', { model: 'gpt-image-2-2026-04-21', prompt: 'x', quality: 'low' }],
  ])('accepts %s', async (_, body) => {
    const fake = await startFake()
    const response = await generate(fake, body)
    expect(response.status, await response.clone().text()).toBe(200)
  })

  it('answers 400 for a body that is not JSON, or not an object', async () => {
    const fake = await startFake()
    const notJson = await fetch(`${fake.url}/images/generations`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{"prompt": "x",',
    })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as ErrorBody).error.message).toContain('could not parse the JSON body')
    expect(fake.requests[0]?.bodyText).toBe('{"prompt": "x",')
    const array = await generate(fake, [{ prompt: 'x' }] as never)
    expect(array.status).toBe(400)
  })

  it('answers 400 for a generation sent as multipart', async () => {
    const fake = await startFake()
    const body = new FormData()
    body.append('prompt', 'x')
    const response = await fetch(`${fake.url}/images/generations`, { method: 'POST', headers: AUTH, body })
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorBody).error.code).toBe('unsupported_content_type')
  })

  it('answers 413 beyond maxBodyBytes', async () => {
    const fake = await startFake({ maxBodyBytes: 1000 })
    const response = await generate(fake, { prompt: LONG(2000) })
    expect(response.status).toBe(413)
  })
})
