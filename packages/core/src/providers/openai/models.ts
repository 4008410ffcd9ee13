import type { ModelRules } from '../../models/types.js'
import { dallE2, dallE3 } from './dall-e.js'
import { GPT_IMAGE_2_SIZES, GPT_IMAGE_SIZES, gptImageModel } from './gpt-image.js'

const gptImage2 = gptImageModel('gpt-image-2', {
  generations: true,
  inputFidelity: true,
  sizes: GPT_IMAGE_2_SIZES,
})

/** The OpenAI Images API's models, by id: the spec's limits, the API's defaults (their prices are in prices.ts). */
export const openaiModels: Readonly<Record<string, ModelRules>> = Object.freeze({
  'gpt-image-1': gptImageModel('gpt-image-1', {
    generations: true,
    inputFidelity: true,
    sizes: GPT_IMAGE_SIZES,
  }),
  'gpt-image-1-mini': gptImageModel('gpt-image-1-mini', {
    generations: true,
    inputFidelity: false,
    sizes: GPT_IMAGE_SIZES,
  }),
  'gpt-image-1.5': gptImageModel('gpt-image-1.5', {
    generations: true,
    inputFidelity: true,
    sizes: GPT_IMAGE_SIZES,
  }),
  'gpt-image-2': gptImage2,
  'gpt-image-2-2026-04-21': { ...gptImage2, id: 'gpt-image-2-2026-04-21' },
  'chatgpt-image-latest': gptImageModel('chatgpt-image-latest', {
    generations: false,
    inputFidelity: true,
    sizes: GPT_IMAGE_SIZES,
  }),
  'dall-e-2': dallE2,
  'dall-e-3': dallE3,
})
