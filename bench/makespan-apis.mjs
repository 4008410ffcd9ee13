// What the makespan benchmark needs to know of each API the fake serves: the manifest defaults of a
// cheap 1024x1024 image, the environment that points the provider at the fake, and the request the
// provider sends (to fill the fake's render cache first without going through imagegen).

/** Each API: its `defaults` lines, its environment, and one job's request as the provider sends it. */
export const MAKESPAN_APIS = {
  openai: {
    defaults: ['  model: gpt-image-1', '  size: 1024x1024', '  quality: low'],
    env: (fake, key) => ({ OPENAI_API_KEY: key, OPENAI_BASE_URL: fake.url }),
    request: (fake, key, request) => ({
      url: `${fake.url}/images/generations`,
      headers: { authorization: `Bearer ${key}` },
      body: request,
    }),
  },
  google: {
    defaults: ['  model: imagen-4.0-fast-generate-001', '  aspectRatio: "1:1"'],
    env: (fake, key) => ({ GEMINI_API_KEY: key, GOOGLE_GEMINI_BASE_URL: fake.origin }),
    request: (fake, key, request) => ({
      url: `${fake.origin}/v1beta/models/${request.model}:predict`,
      headers: { 'x-goog-api-key': key },
      body: {
        instances: [{ prompt: request.prompt }],
        parameters: { sampleCount: 1, aspectRatio: '1:1', personGeneration: 'allow_adult' },
      },
    }),
  },
  fal: {
    defaults: ['  model: fal-ai/flux/schnell', '  image_size: square_hd'],
    env: (fake, key) => ({ FAL_KEY: key, FAL_BASE_URL: `${fake.origin}/fal` }),
    request: (fake, key, request) => ({
      url: `${fake.origin}/fal/${request.model}`,
      headers: { authorization: `Key ${key}` },
      body: {
        prompt: request.prompt,
        num_images: request.n,
        sync_mode: true,
        image_size: request.image_size,
        output_format: request.output_format,
      },
    }),
  },
}

/** The API named by `--provider`, or an error that lists the ones there are. */
export function makespanApi(name) {
  const api = MAKESPAN_APIS[name]
  if (!api) throw new Error(`--provider ${name}: one of ${Object.keys(MAKESPAN_APIS).join(', ')}`)
  return api
}
