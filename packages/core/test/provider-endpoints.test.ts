import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../src/providers/errors.js'
import {
  cheapJob,
  fakeEnv,
  job,
  providerFor,
  rejection,
  SECRET,
  startFake,
  tempDir,
  writeImage,
} from './generate-helpers.js'

async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex')
}

describe('the OpenAI provider against the fake, over a real socket', () => {
  it('sends a generation as JSON with every recipe field, and reads the images, usage and headers', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const hero = await cheapJob('hero', { output_format: 'webp', output_compression: 80 })
    const result = await provider.generate(hero)

    expect(fake.requests).toHaveLength(1)
    const [sent] = fake.requests
    expect(sent).toMatchObject({ status: 200, path: '/v1/images/generations', model: 'gpt-image-1' })
    expect(sent?.contentType).toBe('application/json')
    expect(sent?.body).toEqual({
      model: 'gpt-image-1',
      prompt: 'A watercolor otter named hero',
      n: 1,
      size: '1024x1024',
      quality: 'low',
      background: 'auto',
      output_format: 'webp',
      output_compression: 80,
      moderation: 'auto',
    })
    expect(result.images).toHaveLength(1)
    expect(result.images[0]).toMatchObject({ format: 'webp', width: 1024, height: 1024 })
    expect((await sharp(result.images[0]?.bytes).metadata()).format).toBe('webp')
    expect(result.model).toBe('gpt-image-1')
    expect(result.requestId).toBe(sent?.id)
    expect(result.usage).toMatchObject({ output_tokens: 272, total_tokens: expect.any(Number) })
    expect(result.rateLimits).toMatchObject({
      limitRequests: 100_000,
      remainingRequests: expect.any(Number),
      resetRequestsMs: expect.any(Number),
    })
  })

  it('asks DALL·E for base64 and keeps its revised prompt', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const result = await provider.generate(
      await job('poster', { model: 'dall-e-3', prompt: 'An otter poster', style: 'natural' }),
    )
    const [sent] = fake.requests
    expect(sent?.status).toBe(200)
    expect(sent?.body).toEqual({
      model: 'dall-e-3',
      prompt: 'An otter poster',
      n: 1,
      size: '1024x1024',
      quality: 'auto',
      style: 'natural',
      response_format: 'b64_json',
    })
    expect(result.images[0]).toMatchObject({
      format: 'png',
      width: 1024,
      height: 1024,
      revisedPrompt: expect.stringContaining('An otter poster, rendered in a natural'),
    })
    expect(fake.downloads).toEqual([])
  })

  it('sends an edit of one image as multipart `image`, without fields the multipart body does not take', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const dir = await tempDir()
    const photo = await writeImage(dir, 'photo.jpg', { width: 96, height: 64, format: 'jpeg' })
    const edit = await job(
      'basket',
      { prompt: 'Put the photo in a basket', size: '1024x1024', quality: 'low', input_fidelity: 'high' },
      { images: [photo] },
    )
    // Edits go out as multipart, which does not take `moderation`: the recipe of an edit has none.
    expect(edit.recipe.request.moderation).toBeUndefined()
    const result = await provider.generate(edit)

    const [sent] = fake.requests
    expect(sent).toMatchObject({ status: 200, path: '/v1/images/edits', endpoint: 'edits' })
    expect(sent?.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(sent?.body).toEqual({
      model: 'gpt-image-1',
      prompt: 'Put the photo in a basket',
      n: '1',
      size: '1024x1024',
      quality: 'low',
      background: 'auto',
      output_format: 'png',
      input_fidelity: 'high',
    })
    expect(sent?.files).toEqual([
      {
        field: 'image',
        filename: 'photo.jpg',
        contentType: 'image/jpeg',
        size: expect.any(Number),
        sha256: await sha256Of(photo),
      },
    ])
    expect(result.images[0]).toMatchObject({ format: 'png', width: 1024, height: 1024 })
  })

  it('sends several images as repeated `image[]` parts and the mask as `mask`, in order', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const dir = await tempDir()
    const images = [
      await writeImage(dir, 'lotion.png', { width: 80, height: 80 }),
      await writeImage(dir, 'soap.webp', { format: 'webp' }),
      await writeImage(dir, 'bomb.jpg', { format: 'jpeg' }),
    ]
    const mask = await writeImage(dir, 'mask.png', { width: 80, height: 80, alpha: true })
    const edit = await job(
      'gift-basket',
      { prompt: 'A gift basket with these items', size: '1536x1024', quality: 'low', n: 2 },
      { images, mask },
    )
    const result = await provider.generate(edit)

    const [sent] = fake.requests
    expect(sent?.status).toBe(200)
    expect(sent?.error).toBeUndefined()
    expect(sent?.files.map((file) => [file.field, file.filename, file.contentType])).toEqual([
      ['image[]', 'lotion.png', 'image/png'],
      ['image[]', 'soap.webp', 'image/webp'],
      ['image[]', 'bomb.jpg', 'image/jpeg'],
      ['mask', 'mask.png', 'image/png'],
    ])
    expect(sent?.files.map((file) => file.sha256)).toEqual(await Promise.all([...images, mask].map(sha256Of)))
    expect(sent?.body).toMatchObject({ n: '2', size: '1536x1024' })
    expect(sent?.body).not.toHaveProperty('moderation')
    expect(result.images.map((image) => [image.format, image.width, image.height])).toEqual([
      ['png', 1536, 1024],
      ['png', 1536, 1024],
    ])
  })

  it('sends a dall-e-2 edit with a mask, asking for base64', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const dir = await tempDir()
    const image = await writeImage(dir, 'otter.png')
    const mask = await writeImage(dir, 'mask.png', { alpha: true })
    const result = await provider.generate(
      await job(
        'dalle-edit',
        { model: 'dall-e-2', prompt: 'Add a hat', size: '256x256' },
        { images: [image], mask },
      ),
    )
    const [sent] = fake.requests
    expect(sent?.status).toBe(200)
    expect(sent?.body).toEqual({
      model: 'dall-e-2',
      prompt: 'Add a hat',
      n: '1',
      size: '256x256',
      response_format: 'b64_json',
    })
    expect(sent?.files.map((file) => file.field)).toEqual(['image', 'mask'])
    expect(result.images[0]).toMatchObject({ format: 'png', width: 256, height: 256 })
  })

  it('sends a dall-e-2 variation as multipart with one `image` and no prompt', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const dir = await tempDir()
    const otter = await writeImage(dir, 'otter.png')
    const variation = await job(
      'otter-remix',
      { model: 'dall-e-2', size: '256x256', n: 2 },
      { variation: otter },
    )
    expect(variation.recipe.endpoint).toBe('variations')
    const result = await provider.generate(variation)

    const [sent] = fake.requests
    expect(sent).toMatchObject({ status: 200, path: '/v1/images/variations', model: 'dall-e-2' })
    expect(sent?.body).toEqual({ model: 'dall-e-2', n: '2', size: '256x256', response_format: 'b64_json' })
    expect(sent?.files).toEqual([
      expect.objectContaining({ field: 'image', filename: 'otter.png', contentType: 'image/png' }),
    ])
    expect(result.images).toHaveLength(2)
    expect(result.images[0]?.bytes.equals(result.images[1]?.bytes ?? Buffer.alloc(0))).toBe(false)
  })

  it('refuses locally, sending nothing, a multipart edit field the endpoint does not take', async () => {
    const fake = await startFake()
    const provider = providerFor(fake)
    const dir = await tempDir()
    const photo = await writeImage(dir, 'photo.png')
    const edit = await job('strict', { prompt: 'Edit', moderation: 'low' }, { images: [photo] })
    const error = await rejection(provider.generate(edit))
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ code: 'PROVIDER_INVALID_REQUEST', retryable: false, entry: 'strict' })
    expect(error.message).toContain('moderation')
    expect(fake.requests).toEqual([])
  })
})

describe('configuration from the environment and options', () => {
  it('takes OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID from the env object it is given', async () => {
    const fake = await startFake({ apiKey: SECRET })
    const provider = providerFor(
      fake,
      {},
      fakeEnv(fake, {
        OPENAI_BASE_URL: `${fake.url}/`,
        OPENAI_ORG_ID: 'org-imagegen',
        OPENAI_PROJECT_ID: 'proj_imagegen',
      }),
    )
    await provider.generate(await cheapJob('configured'))
    const [sent] = fake.requests
    expect(sent?.status).toBe(200)
    expect(sent?.path).toBe('/v1/images/generations')
    expect(sent?.headers).toMatchObject({
      'openai-organization': 'org-imagegen',
      'openai-project': 'proj_imagegen',
    })
    expect(JSON.stringify(sent)).not.toContain(SECRET)
  })

  it('lets options override the environment', async () => {
    const fake = await startFake()
    const provider = providerFor(
      fake,
      { baseURL: fake.url, organization: 'org-option' },
      { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_ORG_ID: 'org-env' },
    )
    await provider.generate(await cheapJob('overridden'))
    expect(fake.requests[0]?.headers['openai-organization']).toBe('org-option')
  })

  it('without a key sends nothing and says which variable to set', async () => {
    const fake = await startFake()
    const provider = providerFor(fake, {}, { OPENAI_BASE_URL: fake.url })
    const error = await rejection(provider.generate(await cheapJob('keyless')))
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH', retryable: false })
    expect(error.message).toContain('OPENAI_API_KEY')
    expect(fake.requests).toEqual([])
  })

  it('reaches an Azure deployment with api-version and the AZURE_OPENAI_API_KEY', async () => {
    const fake = await startFake({ apiKey: SECRET, azureDeployments: { 'team-images': 'gpt-image-1' } })
    const azure = { endpoint: fake.origin, deployment: 'team-images', apiVersion: '2025-04-01-preview' }
    const provider = providerFor(fake, { azure }, { AZURE_OPENAI_API_KEY: SECRET })
    const result = await provider.generate(await cheapJob('azure-hero'))

    const [sent] = fake.requests
    expect(sent).toMatchObject({
      status: 200,
      api: 'azure',
      path: '/openai/deployments/team-images/images/generations',
      query: { 'api-version': '2025-04-01-preview' },
      deployment: 'team-images',
      model: 'gpt-image-1',
    })
    expect(sent?.headers).not.toHaveProperty('authorization')
    expect(result.images[0]).toMatchObject({ format: 'jpeg', width: 1024, height: 1024 })
  })

  it('sends an Azure edit through the deployment form too', async () => {
    const fake = await startFake({ apiKey: SECRET, azureDeployments: { 'team-images': 'gpt-image-1' } })
    const azure = { endpoint: `${fake.origin}/`, deployment: 'team-images', apiVersion: '2025-04-01-preview' }
    const provider = providerFor(fake, { azure }, { AZURE_OPENAI_API_KEY: SECRET })
    const dir = await tempDir()
    const photo = await writeImage(dir, 'photo.png')
    await provider.generate(await job('azure-edit', { prompt: 'A hat', quality: 'low' }, { images: [photo] }))
    expect(fake.requests[0]).toMatchObject({
      status: 200,
      path: '/openai/deployments/team-images/images/edits',
      model: 'gpt-image-1',
    })
  })

  it('reaches the Azure v1 form with the deployment as the model', async () => {
    const fake = await startFake({ apiKey: SECRET, azureDeployments: { 'team-images': 'gpt-image-1' } })
    const azure = { endpoint: fake.origin, deployment: 'team-images' }
    const provider = providerFor(fake, { azure }, { AZURE_OPENAI_API_KEY: SECRET })
    await provider.generate(await cheapJob('azure-v1'))
    const [sent] = fake.requests
    expect(sent).toMatchObject({
      status: 200,
      api: 'azure',
      path: '/openai/v1/images/generations',
      query: {},
      model: 'gpt-image-1',
    })
    expect((sent!.body as { model: string }).model).toBe('team-images')
  })

  it('points an Azure 401 at AZURE_OPENAI_API_KEY', async () => {
    const fake = await startFake({ apiKey: 'another-azure-key' })
    const azure = { endpoint: fake.origin, deployment: 'gpt-image-1', apiVersion: '2025-04-01-preview' }
    const provider = providerFor(fake, { azure }, { AZURE_OPENAI_API_KEY: SECRET })
    const error = await rejection(provider.generate(await cheapJob('azure-denied')))
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH', status: 401, retryable: false })
    expect(error.message).toContain('check AZURE_OPENAI_API_KEY')
    expect(fake.requests.map((request) => request.status)).toEqual([401])
  })

  it('with Azure reads only AZURE_OPENAI_API_KEY, and says so', async () => {
    const fake = await startFake()
    const azure = { endpoint: fake.origin, deployment: 'gpt-image-1', apiVersion: '2025-04-01-preview' }
    const provider = providerFor(fake, { azure }, { OPENAI_API_KEY: SECRET })
    const error = await rejection(provider.generate(await cheapJob('azure-keyless')))
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH' })
    expect(error.message).toContain('AZURE_OPENAI_API_KEY')
    expect(fake.requests).toEqual([])
  })
})
