import { describe, expect, it } from 'vitest'
import { type ErrorBody, generate, imagesOf, postJson, startFake } from './helpers.js'

const BODY = { model: 'gpt-image-1', prompt: 'x', quality: 'low' }

describe('authentication', () => {
  it('answers 401 without a bearer key', async () => {
    const fake = await startFake()
    const headerSets: Record<string, string>[] = [
      {},
      { authorization: 'Bearer ' },
      { authorization: 'Basic abc' },
    ]
    for (const headers of headerSets) {
      const response = await postJson(fake, '/images/generations', BODY, headers)
      expect(response.status).toBe(401)
      const { error } = (await response.json()) as ErrorBody
      expect(error).toMatchObject({ type: 'invalid_request_error', param: null, code: null })
      expect(error.message).toContain("You didn't provide an API key")
    }
    expect(fake.requests.map((request) => request.status)).toEqual([401, 401, 401])
  })

  it('requires the exact key when apiKey is set, and never echoes it whole', async () => {
    const fake = await startFake({ apiKey: 'sk-right-key-0000' })
    const wrong = await postJson(fake, '/images/generations', BODY, {
      authorization: 'Bearer sk-wrong-key-9876',
    })
    expect(wrong.status).toBe(401)
    const { error } = (await wrong.json()) as ErrorBody
    expect(error.code).toBe('invalid_api_key')
    expect(error.message).toContain('9876')
    expect(error.message).not.toContain('sk-wrong-key-9876')
    const right = await postJson(fake, '/images/generations', BODY, {
      authorization: 'Bearer sk-right-key-0000',
    })
    expect(right.status).toBe(200)
  })

  it('checks the key before validating the request', async () => {
    const fake = await startFake()
    const response = await postJson(fake, '/images/generations', { nonsense: true }, {})
    expect(response.status).toBe(401)
  })
})

describe('routes', () => {
  it('answers 404 for paths without /v1, like the service', async () => {
    const fake = await startFake()
    const response = await fetch(`${fake.origin}/images/generations`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(BODY),
    })
    expect(response.status).toBe(404)
    expect(((await response.json()) as ErrorBody).error.message).toBe(
      'Invalid URL (POST /images/generations)',
    )
    expect(fake.requests[0]?.endpoint).toBeUndefined()
  })

  it('answers 405 for another method', async () => {
    const fake = await startFake()
    const response = await fetch(`${fake.url}/images/generations`, { headers: { authorization: 'Bearer k' } })
    expect(response.status).toBe(405)
  })
})

describe('Azure OpenAI', () => {
  const azure = (path: string, body: unknown, headers: Record<string, string> = { 'api-key': 'azure-key' }) =>
    ({ path, body, headers }) as const

  async function call(origin: string, request: ReturnType<typeof azure>) {
    return fetch(`${origin}${request.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
    })
  }

  it('serves /openai/deployments/{deployment}/images/generations with an api-key header', async () => {
    const fake = await startFake({ azureDeployments: { 'my-images': 'dall-e-3' } })
    const path = '/openai/deployments/my-images/images/generations?api-version=2025-04-01-preview'
    const response = await call(fake.origin, azure(path, { prompt: 'x', response_format: 'b64_json' }))
    const body = await imagesOf(response)
    expect(body.data[0]?.revised_prompt).toBeDefined()
    expect(response.headers.get('apim-request-id')).toBeTruthy()
    expect(fake.requests[0]).toMatchObject({ api: 'azure', deployment: 'my-images', model: 'dall-e-3' })
    expect(fake.requests[0]?.headers).not.toHaveProperty('api-key')
  })

  it('treats a model name as a deployment of that model', async () => {
    const fake = await startFake()
    const path = '/openai/deployments/gpt-image-1/images/generations?api-version=2025-04-01-preview'
    const response = await call(fake.origin, azure(path, { prompt: 'x', quality: 'low' }))
    expect((await imagesOf(response)).usage).toBeDefined()
  })

  it('answers like Azure: 401 without a key, 404 without api-version or for an unknown deployment', async () => {
    const fake = await startFake()
    const generations = '/openai/deployments/gpt-image-1/images/generations'
    const noKey = await call(fake.origin, azure(`${generations}?api-version=1`, BODY, {}))
    expect(noKey.status).toBe(401)
    expect(await noKey.json()).toMatchObject({ error: { code: '401' } })
    const noVersion = await call(fake.origin, azure(generations, BODY))
    expect(noVersion.status).toBe(404)
    const unknown = await call(
      fake.origin,
      azure('/openai/deployments/nope/images/generations?api-version=1', { prompt: 'x' }),
    )
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'DeploymentNotFound' } })
  })

  it('serves the v1 form /openai/v1/images/generations with the deployment as model', async () => {
    const fake = await startFake({ azureDeployments: { 'team-gpt-image': 'gpt-image-1' } })
    const response = await call(
      fake.origin,
      azure(
        '/openai/v1/images/generations',
        { model: 'team-gpt-image', prompt: 'x', quality: 'low' },
        {
          authorization: 'Bearer azure-token',
        },
      ),
    )
    expect(response.status).toBe(200)
    expect(fake.requests[0]).toMatchObject({ api: 'azure', model: 'gpt-image-1' })
  })

  it('leaves the OpenAI paths to bearer keys', async () => {
    const fake = await startFake()
    const response = await postJson(fake, '/images/generations', BODY, { 'api-key': 'k' })
    expect(response.status).toBe(401)
    expect((await generate(fake, BODY)).status).toBe(200)
  })
})
