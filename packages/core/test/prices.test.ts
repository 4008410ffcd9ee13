import { describe, expect, it } from 'vitest'
import type { ImageRequest } from '../src/manifest/types.js'
import { inputImageTokens, outputTokens } from '../src/prices/estimate.js'
import { costFromUsage, estimateCost, findPrice, type TokenPrice } from '../src/prices/index.js'
import { PROVIDERS } from '../src/providers/registry.js'
import type { Recipe } from '../src/recipe/types.js'

function recipe(request: Partial<ImageRequest> & { model: string }, inputs: Recipe['inputs'] = {}): Recipe {
  return {
    version: 1,
    provider: 'openai',
    endpoint: inputs.images ? 'edits' : 'generations',
    request: { n: 1, prompt: '', ...request },
    inputs,
    rev: 0,
  }
}

function tokenPrice(model: string): TokenPrice {
  const price = findPrice('openai', model)?.price
  if (price?.kind !== 'tokens') throw new Error(`${model} is not token-priced`)
  return price
}

/** What OpenAI publishes per output image (USD) by model, quality, then size. */
const PUBLISHED: Record<string, Record<string, Record<string, number>>> = {
  'gpt-image-1': {
    low: { '1024x1024': 0.011, '1024x1536': 0.016, '1536x1024': 0.016 },
    medium: { '1024x1024': 0.042, '1024x1536': 0.063, '1536x1024': 0.063 },
    high: { '1024x1024': 0.167, '1024x1536': 0.25, '1536x1024': 0.25 },
  },
  'gpt-image-1-mini': {
    low: { '1024x1024': 0.005, '1024x1536': 0.006, '1536x1024': 0.006 },
    medium: { '1024x1024': 0.011, '1024x1536': 0.015, '1536x1024': 0.015 },
    high: { '1024x1024': 0.036, '1024x1536': 0.052, '1536x1024': 0.052 },
  },
  'gpt-image-1.5': {
    low: { '1024x1024': 0.009, '1024x1536': 0.013, '1536x1024': 0.013 },
    medium: { '1024x1024': 0.034, '1024x1536': 0.05, '1536x1024': 0.05 },
    high: { '1024x1024': 0.133, '1024x1536': 0.2, '1536x1024': 0.2 },
  },
  'gpt-image-2': {
    low: { '1024x1024': 0.006, '1024x1536': 0.005, '1536x1024': 0.005 },
    medium: { '1024x1024': 0.053, '1024x1536': 0.041, '1536x1024': 0.041 },
    high: { '1024x1024': 0.211, '1024x1536': 0.165, '1536x1024': 0.165 },
  },
}

describe('price tables', () => {
  it.each(PROVIDERS.map((provider) => [provider.name, provider]))(
    'price every model %s serves, each with its source and the day it was read there (or unverified, saying why)',
    (_name, provider) => {
      const models = Object.values(provider.models)
      expect(models.length).toBeGreaterThan(0)
      // The provider's table names only its own models, each once.
      expect(provider.prices.map((entry) => entry.model).sort()).toEqual(models.map(({ id }) => id).sort())
      for (const { id: model } of models) {
        const entry = findPrice(provider.name, model)
        expect(entry, model).toBeDefined()
        expect(entry?.provider).toBe(provider.name)
        expect(entry?.source.url, model).toMatch(/^https:\/\/[a-z.]+\//)
        expect(entry?.source.checked, model).toMatch(/^(\d{4}-\d{2}-\d{2}|unverified)$/)
        // An unverified figure says where it comes from instead.
        if (entry?.source.checked === 'unverified')
          expect(entry.source.note, model).toMatch(/page|[a-z]\.(ai|com|dev)\b/)
      }
      expect(findPrice(provider.name, 'my-local-model')).toBeUndefined()
    },
  )

  it('price every value of the field an image-priced table is read by, so no estimate of a valid entry is unknown', () => {
    for (const provider of PROVIDERS) {
      for (const entry of provider.prices) {
        if (entry.price.kind !== 'image') continue
        const rules = provider.models[entry.model]!
        const field = entry.price.columnField ?? 'size'
        const values = field === 'size' ? [] : (rules.values?.[field as 'imageSize'] ?? ['auto'])
        for (const value of values) {
          const cost = estimateCost({
            ...recipe({ model: entry.model, [field]: value }),
            provider: provider.name,
          })
          expect(cost, `${entry.model} ${field}=${value}`).toBeGreaterThan(0)
        }
      }
    }
  })

  it('price fal’s FLUX by whole megapixels, as fal bills it', () => {
    const flux = (image_size: string) =>
      estimateCost({ ...recipe({ model: 'fal-ai/flux/dev', image_size }), provider: 'fal' })
    expect(flux('square')).toBeCloseTo(0.025) // 512x512 is billed as one megapixel
    expect(flux('landscape_4_3')).toBeCloseTo(0.025)
    expect(flux('square_hd')).toBeCloseTo(0.05) // 1,048,576 pixels round up to two
    expect(findPrice('fal', 'fal-ai/flux/dev')?.source.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it.each(Object.keys(PUBLISHED))('give %s’s published per-image prices from its output tokens', (model) => {
    const price = tokenPrice(model)
    for (const [quality, sizes] of Object.entries(PUBLISHED[model] ?? {})) {
      for (const [size, usd] of Object.entries(sizes)) {
        const tokens = outputTokens(price.output, quality, size) ?? Number.NaN
        // OpenAI rounds its per-image figures (and lists landscape at the portrait price).
        const usdFromTokens = (tokens * price.rates.imageOutput) / 1e6
        const tolerance = Math.max(0.001, 0.01 * usd)
        expect(Math.abs(usdFromTokens - usd), `${model} ${quality} ${size}`).toBeLessThanOrEqual(tolerance)
      }
    }
  })

  it('bill input images by 512-px tiles once the short edge is 512', () => {
    const rule = tokenPrice('gpt-image-1').inputImage
    expect(inputImageTokens(rule, { width: 1024, height: 1024 }, false)).toBe(194)
    expect(inputImageTokens(rule, { width: 1024, height: 1025 }, false)).toBe(194)
    expect(inputImageTokens(rule, { width: 512, height: 513 }, false)).toBe(323)
    expect(inputImageTokens(rule, { width: 1536, height: 1024 }, false)).toBe(323)
    expect(inputImageTokens(rule, undefined, false)).toBe(65 + 4 * 129)
  })
})

describe('estimateCost', () => {
  it('adds the prompt, the input images (once per image asked for) and the outputs', () => {
    const edit = recipe(
      { model: 'gpt-image-1', quality: 'low', size: '1024x1024', prompt: 'x'.repeat(40), n: 2 },
      { images: ['a', 'b'] },
    )
    const square = { width: 1024, height: 1024 }
    const perImage = (10 + 6) * 5 + 2 * 194 * 10 + 272 * 40
    expect(estimateCost(edit, [square, square])).toBeCloseTo((2 * perImage) / 1e6, 12)
    // Unknown input sizes are priced as the dearest input.
    expect(estimateCost(edit)).toBeGreaterThan(estimateCost(edit, [square, square]) ?? 0)
  })

  it('prices gpt-image-1-mini as itself, not as gpt-image-1', () => {
    const mini = estimateCost(recipe({ model: 'gpt-image-1-mini', quality: 'medium', size: '1024x1024' }))
    expect(mini).toBeCloseTo((6 * 2 + 1375 * 8) / 1e6, 12)
  })

  it('prices auto quality and size as the dearest', () => {
    expect(estimateCost(recipe({ model: 'gpt-image-1' }))).toBeCloseTo((6 * 5 + 6240 * 40) / 1e6, 12)
    expect(estimateCost(recipe({ model: 'gpt-image-2', quality: 'low', size: 'auto' }))).toBeCloseTo(
      (6 * 5 + 196 * 30) / 1e6,
      12,
    )
  })

  it('prices DALL·E per image and knows nothing of other models', () => {
    expect(estimateCost(recipe({ model: 'dall-e-2', size: '256x256', n: 2 }))).toBe(0.032)
    expect(estimateCost(recipe({ model: 'dall-e-3', quality: 'hd', size: '1792x1024' }))).toBe(0.12)
    expect(estimateCost(recipe({ model: 'my-local-model', size: '512x512' }))).toBeUndefined()
  })
})

describe('costFromUsage', () => {
  it('prices the usage an answer reported, each kind of token at its rate', () => {
    const gpt15 = recipe({ model: 'gpt-image-1.5', quality: 'low', size: '1024x1024' })
    const usage = {
      input_tokens: 250,
      input_tokens_details: { text_tokens: 50, image_tokens: 200 },
      output_tokens: 300,
      output_tokens_details: { image_tokens: 272, text_tokens: 28 },
      total_tokens: 550,
    }
    expect(costFromUsage(gpt15, usage, 1)).toBeCloseTo((50 * 5 + 200 * 8 + 272 * 32 + 28 * 10) / 1e6, 12)
    expect(costFromUsage(gpt15, undefined, 1)).toBeUndefined()
    expect(
      costFromUsage(recipe({ model: 'dall-e-3', quality: 'standard', size: '1024x1024' }), undefined, 1),
    ).toBe(0.04)
    expect(costFromUsage(recipe({ model: 'my-local-model' }), usage, 1)).toBeUndefined()
  })
})
