import type { Fault } from '@imagegen/openai-fake'
import { describe, expect, it } from 'vitest'
import { estimateCost } from '../src/prices/index.js'
import {
  expectWholeEntries,
  falJob,
  googleJob,
  rejection,
  schedulerFor,
  startFake,
} from './generate-helpers.js'

/** The hostile-answer, budget and concurrency suites, run against the fake's Gemini and fal APIs. */
const models = ['imagen-4.0-fast-generate-001', 'gemini-2.5-flash-image', 'fal-ai/flux/schnell'] as const

const retried: { name: string; fault: Fault; firstStatus: number | undefined; timeoutMs?: number }[] = [
  {
    name: '429 (Google: RESOURCE_EXHAUSTED with a RetryInfo; fal: retry-after)',
    fault: { kind: 'rate-limit', retryAfterMs: 20 },
    firstStatus: 429,
  },
  { name: '500', fault: { kind: 'status', status: 500 }, firstStatus: 500 },
  { name: '503', fault: { kind: 'status', status: 503 }, firstStatus: 503 },
  {
    name: '502 from a proxy, as HTML',
    fault: { kind: 'status', status: 502, body: '<h1>Bad gateway</h1>' },
    firstStatus: 502,
  },
  { name: 'a connection reset mid-body', fault: { kind: 'reset', afterBytes: 200 }, firstStatus: 200 },
  { name: 'a truncated body', fault: { kind: 'truncated-body' }, firstStatus: 200 },
  { name: 'an HTML page labelled 200', fault: { kind: 'wrong-content-type' }, firstStatus: 200 },
  { name: 'invalid base64', fault: { kind: 'invalid-base64' }, firstStatus: 200 },
  { name: 'headers that never come', fault: { kind: 'hang' }, firstStatus: undefined, timeoutMs: 1500 },
  {
    name: 'a body that never ends',
    fault: { kind: 'endless-body', intervalMs: 20, chunkBytes: 64 },
    firstStatus: 200,
    timeoutMs: 1500,
  },
]

function jobFor(name: string, model: string) {
  return model.startsWith('fal-ai/') ? falJob(name, { model }) : googleJob(name, { model })
}

describe.each(models)('%s: hostile answers', (model) => {
  it.each(retried)('$name: retried once, then stored', async ({ fault, firstStatus, timeoutMs }) => {
    const fake = await startFake({ faults: [{ match: { nth: 1 }, fault }] })
    const { scheduler, store } = await schedulerFor(fake, { openai: timeoutMs ? { timeoutMs } : {} })
    const otter = await jobFor('otter', model)
    const record = await scheduler.run(otter)
    expect(fake.requests.map((request) => request.status)).toEqual([firstStatus, 200])
    expect(record.outputs).toHaveLength(1)
    expect(await store.readRecipe(otter.key)).toEqual(record)
    expect(scheduler.report()).toMatchObject({ generated: 1, retries: 1, failed: [] })
    await expectWholeEntries(store)
  })

  it.each([
    { fault: { kind: 'insufficient-quota' } as Fault, code: 'PROVIDER_QUOTA' },
    { fault: { kind: 'moderation' } as Fault, code: 'PROVIDER_MODERATION' },
    // Gemini: finishReason IMAGE_SAFETY; Imagen leaves the image out; fal flags it.
    { fault: { kind: 'moderation', on: 'image' } as Fault, code: 'PROVIDER_MODERATION (the image refused)' },
    {
      fault: { kind: 'status', status: 400, message: 'Request contains an invalid argument.' } as Fault,
      code: 'PROVIDER_INVALID_REQUEST',
    },
    { fault: { kind: 'status', status: 403 } as Fault, code: 'PROVIDER_AUTH' },
  ])('$code after one request, nothing stored', async ({ fault, code }) => {
    const fake = await startFake({ faults: [{ fault }] })
    const { scheduler, store } = await schedulerFor(fake)
    const error = await rejection(scheduler.run(await jobFor('refused', model)))
    expect(error).toMatchObject({ code: code.split(' ')[0], entry: 'refused', retryable: false })
    expect(fake.requests).toHaveLength(1)
    expect(await store.listRecipes()).toEqual([])
  })
})

describe('Google budgets', () => {
  it('maxNewImages counts Imagen images: sampleCount 2 takes two', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxNewImages: 3 })
    await scheduler.run(await googleJob('pair', { n: 2 }))
    expect(await rejection(scheduler.run(await googleJob('another-pair', { n: 2 })))).toMatchObject({
      code: 'BUDGET',
    })
    expect(scheduler.report()).toMatchObject({ generated: 1, generatedImages: 2 })
    expect(fake.requests).toHaveLength(1)
  })

  it('maxCost $0.05 at $0.02 an Imagen 4 Fast image: 2 generated, one refused; priced in the report', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxCost: 0.05, concurrency: 1 })
    const jobs = await Promise.all(['a', 'b', 'c'].map((name) => googleJob(name)))
    expect(estimateCost(jobs[0]!.recipe)).toBe(0.02)
    const outcomes = await Promise.allSettled(jobs.map((job) => scheduler.run(job)))
    // Which of the three is refused depends on which asks the budget last; two are paid for, one is not.
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    expect(scheduler.report().estimatedCost).toBeCloseTo(0.04)
    expect(fake.requests).toHaveLength(2)
  })

  it('prices Gemini 3 Pro Image by imageSize', async () => {
    const pro = (imageSize: string) => googleJob('pro', { model: 'gemini-3-pro-image-preview', imageSize })
    expect(estimateCost((await pro('1K')).recipe)).toBe(0.134)
    expect(estimateCost((await pro('4K')).recipe)).toBe(0.24)
  })
})

describe('fal budgets', () => {
  it('maxNewImages counts FLUX images: num_images 3 takes three', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxNewImages: 4 })
    await scheduler.run(await falJob('trio', { n: 3 }))
    expect(await rejection(scheduler.run(await falJob('another-pair', { n: 2 })))).toMatchObject({
      code: 'BUDGET',
      entry: 'another-pair',
    })
    await scheduler.run(await falJob('single'))
    expect(scheduler.report()).toMatchObject({ generated: 2, generatedImages: 4 })
    expect(fake.requests.map((request) => (request.body as { num_images: number }).num_images)).toEqual([
      3, 1,
    ])
  })

  it('maxCost $0.12 at $0.05 a square_hd FLUX dev image (two megapixels as fal rounds): 2 generated, one refused; priced in the report', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxCost: 0.12, concurrency: 1 })
    const jobs = await Promise.all(
      ['a', 'b', 'c'].map((name) => falJob(name, { model: 'fal-ai/flux/dev', image_size: 'square_hd' })),
    )
    expect(estimateCost(jobs[0]!.recipe)).toBeCloseTo(0.05, 9)
    const outcomes = await Promise.allSettled(jobs.map((job) => scheduler.run(job)))
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    const refused = outcomes.find((outcome) => outcome.status === 'rejected')
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'BUDGET' })
    expect(scheduler.report().estimatedCost).toBeCloseTo(0.1)
    expect(fake.requests).toHaveLength(2)
  })

  it('prices the same app by its image_size: a one-megapixel `square` fits where a two-megapixel `square_hd` does not', async () => {
    const fake = await startFake()
    const { scheduler } = await schedulerFor(fake, { maxCost: 0.03, concurrency: 1 })
    const big = falJob('big', { model: 'fal-ai/flux/dev', image_size: 'square_hd' })
    expect(await rejection(scheduler.run(await big))).toMatchObject({ code: 'BUDGET', entry: 'big' })
    await scheduler.run(await falJob('small', { model: 'fal-ai/flux/dev', image_size: 'square' }))
    expect(fake.requests.map((request) => (request.body as { image_size: string }).image_size)).toEqual([
      'square',
    ])
  })
})
