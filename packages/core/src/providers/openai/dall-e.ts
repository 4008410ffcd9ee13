import { MASK, MiB } from '../../models/input-rules.js'
import type { InputRule, ModelRules } from '../../models/types.js'

/** DALL·E 2 reads one square PNG under 4 MB, for edits and variations alike. */
const SQUARE_PNG: InputRule = { formats: ['png'], maxBytes: 4 * MiB, maxCount: 1, square: true }

export const dallE2: ModelRules = {
  id: 'dall-e-2',
  provider: 'openai',
  family: 'dall-e',
  // `quality` is documented for dall-e-2 generations only (`standard`); edits list it for GPT image models.
  endpoints: { generations: ['n', 'size', 'quality'], edits: ['n', 'size'], variations: ['n', 'size'] },
  sizes: { kind: 'list', sizes: ['256x256', '512x512', '1024x1024'] },
  n: { min: 1, max: 10 },
  quality: ['standard', 'auto'],
  promptMaxLength: 1000,
  defaults: { n: 1, size: '1024x1024', quality: 'auto' },
  editImages: SQUARE_PNG,
  mask: MASK,
  variationImage: SQUARE_PNG,
}

export const dallE3: ModelRules = {
  id: 'dall-e-3',
  provider: 'openai',
  family: 'dall-e',
  endpoints: { generations: ['n', 'size', 'quality', 'style'] },
  sizes: { kind: 'list', sizes: ['1024x1024', '1792x1024', '1024x1792'] },
  n: { min: 1, max: 1 },
  quality: ['standard', 'hd', 'auto'],
  promptMaxLength: 4000,
  defaults: { n: 1, size: '1024x1024', quality: 'auto', style: 'vivid' },
}
