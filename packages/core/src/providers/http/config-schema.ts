import { z } from 'zod'

/**
 * The settings every HTTP provider takes in `imagegen.config.*`. Zod stays out of the registry: only
 * loading a config file reads these.
 */
export const HTTP_PROVIDER_CONFIG = {
  baseURL: z.url().optional(),
  timeoutMs: z.number().positive().optional(),
  maxResponseBytes: z.int().positive().optional(),
}
