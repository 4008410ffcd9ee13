import { z } from 'zod'
import { HTTP_PROVIDER_CONFIG } from '../http/config-schema.js'
import type { OpenAIOptions } from './options.js'

const azureSchema = z.strictObject({
  endpoint: z.url(),
  deployment: z.string().min(1),
  apiVersion: z.string().min(1).optional(),
})

/** `openai:` in `imagegen.config.*`. */
export const openaiConfigSchema = z.strictObject({
  ...HTTP_PROVIDER_CONFIG,
  organization: z.string().optional(),
  project: z.string().optional(),
  azure: azureSchema.optional(),
  trustedImageHosts: z.array(z.string().min(1)).optional(),
}) satisfies z.ZodType<OpenAIOptions>
