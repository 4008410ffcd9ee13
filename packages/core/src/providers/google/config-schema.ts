import { z } from 'zod'
import { HTTP_PROVIDER_CONFIG } from '../http/config-schema.js'
import type { GoogleOptions } from './options.js'

/** `google:` in `imagegen.config.*`. */
export const googleConfigSchema = z.strictObject({
  ...HTTP_PROVIDER_CONFIG,
  apiVersion: z.string().min(1).optional(),
}) satisfies z.ZodType<GoogleOptions>
