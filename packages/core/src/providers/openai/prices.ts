import type {
  InputImageTokens,
  ModelPrice,
  OutputTokenTable,
  PriceSource,
  TokenPrice,
} from '../../prices/types.js'

const CHECKED = '2026-12-02'
const MODELS_PAGE = 'https://developers.openai.com/api/docs/models/'

/** gpt-image-1's output tokens per image, from OpenAI's image generation guide (cost and latency). */
const GPT_IMAGE_1_OUTPUT: OutputTokenTable = {
  kind: 'table',
  tokens: {
    low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
    medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
    high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
  },
}

/**
 * Input images as the GPT image models bill them: 65 tokens plus 129 per 512-px tile once the short
 * edge is scaled to 512 (OpenAI's vision guide for gpt-image-1; later models bill inputs alike).
 * `input_fidelity: high` adds about as many tokens as a high-quality output of the image's shape.
 */
const GPT_IMAGE_INPUT: InputImageTokens = {
  fitWithin: 2048,
  shortEdge: 512,
  tile: 512,
  base: 65,
  perTile: 129,
  highFidelity: { square: 4160, other: 6240 },
}

function tokenPrice(rates: TokenPrice['rates'], output: TokenPrice['output']): TokenPrice {
  // Each streamed preview adds 100 image output tokens (OpenAI's image generation guide, streaming).
  return {
    kind: 'tokens',
    rates,
    output,
    inputImage: GPT_IMAGE_INPUT,
    promptOverhead: 6,
    partialImageTokens: 100,
  }
}

const gptImage15: TokenPrice = tokenPrice(
  { textInput: 5, imageInput: 8, imageOutput: 32, textOutput: 10 },
  GPT_IMAGE_1_OUTPUT,
)

const gptImage2: TokenPrice = tokenPrice(
  { textInput: 5, imageInput: 8, imageOutput: 30 },
  {
    kind: 'area',
    qualityFactors: { low: 16, medium: 48, high: 96 },
    areaOffsetPixels: 2_000_000,
    areaDivisor: 4_000_000,
  },
)

const gptImage2Source: PriceSource = {
  url: 'https://developers.openai.com/api/docs/guides/image-generation#size-and-quality-options',
  checked: CHECKED,
  note: "Rates from the pricing page. Output tokens follow the guide's cost calculator (its formula as reconstructed at community.openai.com/t/1382699); it gives OpenAI's published examples: 1024x1024 $0.006/$0.053/$0.211, 1536x1024 $0.005/$0.041/$0.165.",
}

/** OpenAI's image models, priced as OpenAI publishes them (USD). */
export const OPENAI_PRICES: readonly ModelPrice[] = [
  {
    provider: 'openai',
    model: 'gpt-image-1',
    source: { url: `${MODELS_PAGE}gpt-image-1`, checked: CHECKED },
    price: tokenPrice({ textInput: 5, imageInput: 10, imageOutput: 40 }, GPT_IMAGE_1_OUTPUT),
  },
  {
    provider: 'openai',
    model: 'gpt-image-1-mini',
    source: {
      url: `${MODELS_PAGE}gpt-image-1-mini`,
      checked: CHECKED,
      note: 'OpenAI publishes per-image prices but no output token counts for this model: the counts are those prices divided by the $8 output rate.',
    },
    price: tokenPrice(
      { textInput: 2, imageInput: 2.5, imageOutput: 8 },
      {
        kind: 'table',
        tokens: {
          low: { '1024x1024': 625, '1024x1536': 750, '1536x1024': 750 },
          medium: { '1024x1024': 1375, '1024x1536': 1875, '1536x1024': 1875 },
          high: { '1024x1024': 4500, '1024x1536': 6500, '1536x1024': 6500 },
        },
      },
    ),
  },
  {
    provider: 'openai',
    model: 'gpt-image-1.5',
    source: { url: `${MODELS_PAGE}gpt-image-1.5`, checked: CHECKED },
    price: gptImage15,
  },
  {
    provider: 'openai',
    model: 'chatgpt-image-latest',
    source: {
      url: `${MODELS_PAGE}chatgpt-image-latest`,
      checked: CHECKED,
      note: 'Points at the current ChatGPT image snapshot; listed at gpt-image-1.5 prices.',
    },
    price: gptImage15,
  },
  { provider: 'openai', model: 'gpt-image-2', source: gptImage2Source, price: gptImage2 },
  { provider: 'openai', model: 'gpt-image-2-2026-04-21', source: gptImage2Source, price: gptImage2 },
  {
    provider: 'openai',
    model: 'dall-e-2',
    source: { url: 'https://developers.openai.com/api/docs/pricing#image-generation', checked: CHECKED },
    price: { kind: 'image', usdPerImage: { '*': { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 } } },
  },
  {
    provider: 'openai',
    model: 'dall-e-3',
    source: { url: 'https://developers.openai.com/api/docs/pricing#image-generation', checked: CHECKED },
    price: {
      kind: 'image',
      usdPerImage: {
        standard: { '1024x1024': 0.04, '1024x1792': 0.08, '1792x1024': 0.08 },
        hd: { '1024x1024': 0.08, '1024x1792': 0.12, '1792x1024': 0.12 },
      },
    },
  },
]
