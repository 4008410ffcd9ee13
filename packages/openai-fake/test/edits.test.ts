import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  decode,
  describeImage,
  type ErrorBody,
  form,
  imageBytes,
  imagesOf,
  postForm,
  postJson,
  rawMultipart,
  startFake,
} from './helpers.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function errorOf(response: Response): Promise<ErrorBody['error'] & { status: number }> {
  return { status: response.status, ...((await response.json()) as ErrorBody).error }
}

describe('POST /v1/images/edits (multipart)', () => {
  it('takes one file as `image`', async () => {
    const fake = await startFake()
    const image = await imageBytes(64, 64)
    const body = await imagesOf(
      await postForm(
        fake,
        '/images/edits',
        form([
          ['model', 'gpt-image-1'],
          ['prompt', 'Add a hat'],
          ['image', { bytes: image, filename: 'otter.png' }],
          ['quality', 'low'],
        ]),
      ),
    )
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({
      format: 'png',
      width: 1024,
      height: 1024,
    })
    expect(body.usage?.input_tokens_details.image_tokens).toBeGreaterThan(0)
    const [request] = fake.requests
    expect(request?.endpoint).toBe('edits')
    expect(request?.body).toEqual({ model: 'gpt-image-1', prompt: 'Add a hat', quality: 'low' })
    expect(request?.files).toEqual([
      {
        field: 'image',
        filename: 'otter.png',
        contentType: 'image/png',
        size: image.length,
        sha256: sha256(image),
      },
    ])
  })

  it('takes several files as repeated `image[]` plus a `mask`, and records every part', async () => {
    const fake = await startFake()
    const images = await Promise.all([
      imageBytes(64, 64, { colour: '#ff0000' }),
      imageBytes(32, 48, { format: 'jpeg' }),
      imageBytes(16, 16, { format: 'webp' }),
    ])
    const mask = await imageBytes(64, 64, { alpha: true })
    const response = await postForm(
      fake,
      '/images/edits',
      form([
        ['model', 'gpt-image-1.5'],
        ['prompt', 'A gift basket with these items'],
        ['image[]', { bytes: images[0] as Buffer, filename: 'a.png' }],
        ['image[]', { bytes: images[1] as Buffer, filename: 'b.jpg', type: 'image/jpeg' }],
        ['image[]', { bytes: images[2] as Buffer, filename: 'c.webp', type: 'image/webp' }],
        ['mask', { bytes: mask, filename: 'mask.png' }],
        ['size', '1536x1024'],
        ['output_format', 'jpeg'],
        ['output_compression', '80'],
        ['input_fidelity', 'high'],
        ['n', '2'],
      ]),
    )
    const body = await imagesOf(response)
    expect(body.data).toHaveLength(2)
    expect(await describeImage(decode(body.data[1] ?? {}))).toMatchObject({
      format: 'jpeg',
      width: 1536,
      height: 1024,
    })
    expect(fake.requests[0]?.files.map((file) => [file.field, file.filename, file.contentType])).toEqual([
      ['image[]', 'a.png', 'image/png'],
      ['image[]', 'b.jpg', 'image/jpeg'],
      ['image[]', 'c.webp', 'image/webp'],
      ['mask', 'mask.png', 'image/png'],
    ])
    expect(fake.requests[0]?.body).toMatchObject({ n: '2', output_compression: '80' })
  })

  it('draws differently for different input images', async () => {
    const fake = await startFake()
    const edit = async (colour: string) => {
      const bytes = await imageBytes(32, 32, { colour })
      const fields = form([
        ['model', 'gpt-image-1'],
        ['prompt', 'same prompt'],
        ['image', { bytes }],
        ['quality', 'low'],
      ])
      return decode((await imagesOf(await postForm(fake, '/images/edits', fields))).data[0] ?? {})
    }
    const red = await edit('#ff0000')
    expect(await edit('#ff0000')).toEqual(red)
    expect((await edit('#00ff00')).equals(red)).toBe(false)
  })

  it('resolves size auto from the first image for GPT models', async () => {
    const fake = await startFake()
    const bytes = await imageBytes(300, 100)
    const fields = form([
      ['model', 'gpt-image-1'],
      ['prompt', 'wide'],
      ['image', { bytes }],
      ['size', 'auto'],
      ['quality', 'low'],
    ])
    expect((await imagesOf(await postForm(fake, '/images/edits', fields))).size).toBe('1536x1024')
  })

  it('edits with dall-e-2: one square PNG, a url by default', async () => {
    const fake = await startFake()
    const fields = form([
      ['model', 'dall-e-2'],
      ['prompt', 'A sunlit indoor lounge'],
      ['image', { bytes: await imageBytes(64, 64, { alpha: true }) }],
      ['size', '512x512'],
    ])
    const body = await imagesOf(await postForm(fake, '/images/edits', fields))
    const downloaded = Buffer.from(await (await fetch(body.data[0]?.url ?? '')).arrayBuffer())
    expect(await describeImage(downloaded)).toMatchObject({ format: 'png', width: 512, height: 512 })
  })

  it.each([
    ['no image', async () => [['prompt', 'x']], 'image', 'missing_required_parameter'],
    [
      'no prompt',
      async () => [['image', { bytes: await imageBytes(8, 8) }]],
      'prompt',
      'missing_required_parameter',
    ],
    [
      'both image and image[]',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8) }],
        ['image[]', { bytes: await imageBytes(8, 8) }],
      ],
      'image',
      'duplicate_parameter',
    ],
    [
      'repeated image without brackets',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8) }],
        ['image', { bytes: await imageBytes(8, 8) }],
      ],
      'image',
      'duplicate_parameter',
    ],
    [
      'image sent as text',
      async () => [
        ['prompt', 'x'],
        ['image', 'not a file'],
      ],
      'image',
      'invalid_type',
    ],
    [
      'two images for dall-e-2',
      async () => [
        ['model', 'dall-e-2'],
        ['prompt', 'x'],
        ['image[]', { bytes: await imageBytes(8, 8) }],
        ['image[]', { bytes: await imageBytes(8, 8) }],
      ],
      'image',
      'array_above_max_length',
    ],
    [
      '17 images for gpt-image-1',
      async () => [
        ['prompt', 'x'],
        ...(await Promise.all(
          Array.from({ length: 17 }, async () => ['image[]', { bytes: await imageBytes(8, 8) }]),
        )),
      ],
      'image',
      'array_above_max_length',
    ],
    [
      'a non-square image for dall-e-2',
      async () => [
        ['model', 'dall-e-2'],
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(16, 8) }],
      ],
      'image',
      'invalid_image_shape',
    ],
    [
      'a JPEG for dall-e-2',
      async () => [
        ['model', 'dall-e-2'],
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8, { format: 'jpeg' }), type: 'image/jpeg' }],
      ],
      'image',
      'unsupported_file_mimetype',
    ],
    [
      'bytes that are not an image',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: Buffer.from('definitely not a png') }],
      ],
      'image',
      'invalid_image_format',
    ],
    [
      'a mask of other dimensions',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(64, 64) }],
        ['mask', { bytes: await imageBytes(32, 32, { alpha: true }) }],
      ],
      'mask',
      'invalid_mask_dimensions',
    ],
    [
      'a mask without alpha',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(64, 64) }],
        ['mask', { bytes: await imageBytes(64, 64) }],
      ],
      'mask',
      'invalid_mask_format',
    ],
    [
      'input_fidelity with gpt-image-1-mini',
      async () => [
        ['model', 'gpt-image-1-mini'],
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8) }],
        ['input_fidelity', 'high'],
      ],
      'input_fidelity',
      'unsupported_parameter',
    ],
    [
      'moderation (not an edits field)',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8) }],
        ['moderation', 'low'],
      ],
      'moderation',
      'unknown_parameter',
    ],
    [
      'n that is not an integer',
      async () => [
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8) }],
        ['n', 'two'],
      ],
      'n',
      'invalid_type',
    ],
    [
      'dall-e-3 (no edits)',
      async () => [
        ['model', 'dall-e-3'],
        ['prompt', 'x'],
        ['image', { bytes: await imageBytes(8, 8) }],
      ],
      'model',
      'invalid_value',
    ],
  ] as const)('rejects %s', async (_, entries, param, code) => {
    const fake = await startFake()
    const response = await postForm(fake, '/images/edits', form((await entries()) as never))
    expect(await errorOf(response)).toMatchObject({ status: 400, type: 'invalid_request_error', param, code })
    expect(fake.requests[0]?.status).toBe(400)
    expect(fake.requests[0]?.error?.code).toBe(code)
  })

  it('judges a file part by its declared type: none is application/octet-stream', async () => {
    const fake = await startFake()
    const { body, contentType } = rawMultipart([
      { name: 'prompt', value: 'x' },
      { name: 'image', value: await imageBytes(8, 8), filename: 'a.png' },
    ])
    const error = await errorOf(await postForm(fake, '/images/edits', body, contentType))
    expect(error).toMatchObject({ param: 'image', code: 'unsupported_file_mimetype' })
    expect(error.message).toContain("'application/octet-stream'")
    expect(fake.requests[0]?.files[0]?.contentType).toBeUndefined()
  })

  it('rejects a malformed multipart body', async () => {
    const fake = await startFake()
    const response = await postForm(
      fake,
      '/images/edits',
      Buffer.from('garbage'),
      'multipart/form-data; boundary=x',
    )
    expect(response.status).toBe(400)
  })
})

describe('POST /v1/images/edits (JSON with image references)', () => {
  it('takes data: URLs', async () => {
    const fake = await startFake()
    const png = await imageBytes(40, 40)
    const response = await postJson(fake, '/images/edits', {
      model: 'gpt-image-1',
      prompt: 'Watercolour',
      images: [{ image_url: `data:image/png;base64,${png.toString('base64')}` }],
      quality: 'low',
    })
    const body = await imagesOf(response)
    expect(body.size).toBe('1024x1024')
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({ format: 'png' })
  })

  it('rejects file ids (no Files API), dall-e-2, and refs with both fields', async () => {
    const fake = await startFake()
    const edit = (body: unknown) => postJson(fake, '/images/edits', body).then(errorOf)
    expect(await edit({ prompt: 'x', images: [{ file_id: 'file-abc' }] })).toMatchObject({
      status: 400,
      param: 'images[0]',
    })
    expect(await edit({ model: 'dall-e-2', prompt: 'x', images: [{ file_id: 'f' }] })).toMatchObject({
      param: 'model',
    })
    expect(await edit({ prompt: 'x', images: [{ file_id: 'f', image_url: 'data:,' }] })).toMatchObject({
      param: 'images[0]',
    })
    expect(await edit({ prompt: 'x', images: [] })).toMatchObject({ param: 'images', code: 'empty_array' })
  })
})

describe('POST /v1/images/variations', () => {
  it('makes dall-e-2 variations of a square PNG', async () => {
    const fake = await startFake()
    const fields = form([
      ['image', { bytes: await imageBytes(64, 64) }],
      ['n', '2'],
      ['size', '256x256'],
      ['response_format', 'b64_json'],
    ])
    const body = await imagesOf(await postForm(fake, '/images/variations', fields))
    expect(body.data).toHaveLength(2)
    expect(await describeImage(decode(body.data[0] ?? {}))).toMatchObject({
      format: 'png',
      width: 256,
      height: 256,
    })
    expect(fake.requests[0]).toMatchObject({ endpoint: 'variations', model: 'dall-e-2' })
  })

  it.each([
    ['gpt-image-1', [['model', 'gpt-image-1']], 'model', 'invalid_value'],
    ['a prompt', [['prompt', 'x']], 'prompt', 'unknown_parameter'],
    ['size 1536x1024', [['size', '1536x1024']], 'size', 'invalid_value'],
    ['n=11', [['n', '11']], 'n', 'integer_above_max_value'],
  ] as const)('rejects %s', async (_, extra, param, code) => {
    const fake = await startFake()
    const fields = form([
      ['image', { bytes: await imageBytes(64, 64) }],
      ...(extra as unknown as [string, string][]),
    ])
    const response = await postForm(fake, '/images/variations', fields)
    expect(await errorOf(response)).toMatchObject({ status: 400, param, code })
  })

  it('rejects a JSON body', async () => {
    const fake = await startFake()
    const response = await postJson(fake, '/images/variations', { model: 'dall-e-2' })
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'unsupported_content_type' })
  })
})
