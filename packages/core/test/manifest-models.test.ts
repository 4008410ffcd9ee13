import { describe, expect, it } from 'vitest'
import { checkSize, DEFAULT_MODEL, findModel, imageModels, modelDefaults } from '../src/internal.js'
import { didYouMean, levenshtein } from '../src/manifest/did-you-mean.js'
import { toExportName } from '../src/manifest/entry-names.js'

describe('the model table', () => {
  it('knows the models of the spec, with gpt-image-1 as imagegen’s default', () => {
    const openai = Object.values(imageModels).filter((model) => model.provider === 'openai')
    expect(openai.map((model) => model.id).sort()).toEqual([
      'chatgpt-image-latest',
      'dall-e-2',
      'dall-e-3',
      'gpt-image-1',
      'gpt-image-1-mini',
      'gpt-image-1.5',
      'gpt-image-2',
      'gpt-image-2-2026-04-21',
    ])
    expect(DEFAULT_MODEL).toBe('gpt-image-1')
    expect(findModel('toString')).toBeUndefined()
  })

  it('gives each model defaults its own rules allow', () => {
    for (const model of Object.values(imageModels)) {
      const fields = new Set(Object.values(model.endpoints).flat())
      for (const field of Object.keys(model.defaults)) expect(fields, `${model.id} ${field}`).toContain(field)
      if (model.defaults.quality) expect(model.quality).toContain(model.defaults.quality)
      if (model.defaults.size && model.sizes)
        expect(checkSize(model.sizes, model.defaults.size).ok, model.id).toBe(true)
      for (const [field, allowed] of Object.entries(model.values ?? {})) {
        const value = model.defaults[field as keyof typeof model.defaults]
        if (value !== undefined) expect(allowed, `${model.id} ${field}`).toContain(value)
      }
    }
  })

  it('serves variations with dall-e-2 only, and edits with every model but dall-e-3', () => {
    const serving = (endpoint: 'generations' | 'edits' | 'variations') =>
      Object.values(imageModels)
        .filter((model) => model.endpoints[endpoint])
        .map((model) => model.id)
    expect(serving('variations')).toEqual(['dall-e-2'])
    expect(serving('edits')).not.toContain('dall-e-3')
    expect(serving('generations')).not.toContain('chatgpt-image-latest')
  })

  it('fills output_compression only for output that uses it', () => {
    const model = imageModels['gpt-image-1']
    if (!model) throw new Error('gpt-image-1 missing')
    expect(modelDefaults(model, 'generations')).toEqual({
      n: 1,
      size: 'auto',
      quality: 'auto',
      background: 'auto',
      output_format: 'png',
      moderation: 'auto',
    })
    expect(modelDefaults(model, 'generations', { output_format: 'webp' })).toMatchObject({
      output_compression: 100,
    })
    expect(modelDefaults(model, 'edits')).toMatchObject({ input_fidelity: 'low' })
    expect(modelDefaults(model, 'variations')).toEqual({})
  })
})

describe('gpt-image-2 sizes', () => {
  const rule = imageModels['gpt-image-2']?.sizes
  if (!rule) throw new Error('gpt-image-2 missing')
  it.each([
    ['1024x1024', true],
    ['1536x864', true],
    ['auto', true],
    ['3840x2160', true],
    ['2160x3840', true],
    ['2880x2880', true],
    ['1024x640', true],
    ['1008x640', false], // fewer pixels than 655,360
    ['3856x1296', false], // an edge over 3840
    ['3072x1008', false], // 3.05:1
    ['2896x2896', false], // more pixels than 3840x2160
    ['1000x1000', false], // not multiples of 16
  ])('%s → %s', (size, ok) => {
    expect(checkSize(rule, size).ok).toBe(ok)
  })

  it('calls sizes above 2560x1440 experimental', () => {
    expect(checkSize(rule, '2560x1440')).toEqual({ ok: true, experimental: false })
    expect(checkSize(rule, '2576x1440')).toEqual({ ok: true, experimental: true })
  })
})

describe('names and suggestions', () => {
  it('camelCases entry names into export names', () => {
    expect(['hero', 'hero-image', 'gift_basket', 'a-b-c', 'Logo-2x', 'x--y'].map(toExportName)).toEqual([
      'hero',
      'heroImage',
      'giftBasket',
      'aBC',
      'Logo2x',
      'xY',
    ])
  })

  it('measures edit distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('', 'abc')).toBe(3)
    expect(levenshtein('same', 'same')).toBe(0)
  })

  it('suggests only close candidates, ignoring case and separators', () => {
    expect(didYouMean('promt', ['prompt', 'model'])).toBe('prompt')
    expect(didYouMean('Output-Format', ['output_format', 'output_compression'])).toBe('output_format')
    expect(didYouMean('colour', ['blur', 'color', 'none'])).toBe('color')
    expect(didYouMean('banana', ['prompt', 'model'])).toBeUndefined()
    expect(didYouMean('x'.repeat(100), ['prompt'])).toBeUndefined()
  })
})
