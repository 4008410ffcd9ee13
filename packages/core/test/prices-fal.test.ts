import { describe, expect, it } from 'vitest'
import { estimateCost, findPrice } from '../src/prices/index.js'
import { falJob } from './generate-helpers.js'

/**
 * fal bills FLUX by the megapixel of output, rounded up to the nearest megapixel (USD per megapixel, as
 * the price table quotes fal's pages).
 */
const USD_PER_MEGAPIXEL: Record<string, number> = {
  'fal-ai/flux/schnell': 0.003,
  'fal-ai/flux/dev': 0.025,
  'fal-ai/flux-pro/v1.1': 0.055,
}

/** The pixels of each `image_size` preset, as fal's FLUX apps draw them. */
const PRESETS: Record<string, [number, number]> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
}

describe('fal’s per-megapixel price estimates, rounded up to whole megapixels', () => {
  it.each(Object.entries(USD_PER_MEGAPIXEL))(
    '%s: each image_size costs its whole megapixels, rounded up, at $%s',
    async (model, usdPerMegapixel) => {
      expect(findPrice('fal', model)?.source.url).toMatch(/^https:\/\/fal\.ai\//)
      for (const [imageSize, [width, height]] of Object.entries(PRESETS)) {
        const { recipe } = await falJob('otter', { model, image_size: imageSize })
        const megapixels = Math.ceil((width * height) / 1e6)
        expect(estimateCost(recipe), `${model} ${imageSize}`).toBeCloseTo(usdPerMegapixel * megapixels, 9)
      }
    },
  )

  it('prices a larger image higher, n images n times, and the app’s default size when none is set', async () => {
    const cost = async (request: Parameters<typeof falJob>[1]) =>
      estimateCost((await falJob('otter', { model: 'fal-ai/flux/dev', ...request })).recipe)
    // 1024x1024 is 1.05 million pixels: two megapixels as fal rounds; 512x512 is one.
    expect(await cost({ image_size: 'square_hd' })).toBeCloseTo(0.05, 9)
    expect(await cost({ image_size: 'square' })).toBeCloseTo(0.025, 9)
    expect(await cost({ image_size: 'landscape_16_9', n: 3 })).toBeCloseTo(3 * 0.025, 9)
    // No image_size: the recipe carries FLUX's default, landscape_4_3 (1024x768).
    const unsized = await falJob('otter', { model: 'fal-ai/flux/dev', image_size: undefined })
    expect(unsized.recipe.request).toMatchObject({ image_size: 'landscape_4_3' })
    expect(estimateCost(unsized.recipe)).toBeCloseTo(0.025, 9)
  })

  it('prices Recraft and Ideogram per image, whatever the size', async () => {
    for (const [model, usd] of [
      ['fal-ai/recraft/v3/text-to-image', 0.04],
      ['fal-ai/ideogram/v3', 0.06],
    ] as const) {
      for (const imageSize of ['square_hd', 'landscape_16_9'])
        expect(estimateCost((await falJob('otter', { model, image_size: imageSize })).recipe)).toBe(usd)
    }
  })
})
