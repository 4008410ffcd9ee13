import { z } from 'zod'
import { HTTP_PROVIDER_CONFIG } from '../http/config-schema.js'
import type { FalOptions } from './options.js'

/** `fal:` in `imagegen.config.*`: what every HTTP provider takes, nothing more. */
export const falConfigSchema = z.strictObject(HTTP_PROVIDER_CONFIG) satisfies z.ZodType<FalOptions>
