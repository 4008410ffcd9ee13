import { z } from 'zod'
import { MODES } from '../engine/options.js'
import { ImagegenError } from '../errors.js'
import { didYouMean } from '../manifest/did-you-mean.js'
import { falConfigSchema } from '../providers/fal/config-schema.js'
import { googleConfigSchema } from '../providers/google/config-schema.js'
import { openaiConfigSchema } from '../providers/openai/config-schema.js'
import type { ImagegenConfig } from './define-config.js'
import { keyPosition } from './key-position.js'

const count = z.int().min(0)

const remoteSchema = z.strictObject({
  url: z.string().min(1).optional(),
  required: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  timeoutMs: z.number().positive().optional(),
  leaseMs: z.number().positive().optional(),
  pollMs: z.number().positive().optional(),
  // Positive, as resolveRemote requires: with no pause at all, no claim without conditional writes would hold.
  settleMs: z.number().positive().optional(),
  conditionalWrites: z.union([z.boolean(), z.literal('auto')]).optional(),
  region: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  forcePathStyle: z.boolean().optional(),
})

/** What `imagegen.config.*` may export; every key of `ImagegenConfig`, nothing else. */
const configSchema = z.strictObject({
  storeDir: z.string().min(1).optional(),
  cacheDir: z.string().min(1).optional(),
  mode: z.enum(MODES).optional(),
  concurrency: z.int().min(1).optional(),
  maxRetries: count.optional(),
  timeoutMs: z.number().positive().optional(),
  maxNewImages: z.union([count, z.literal(Number.POSITIVE_INFINITY)]).optional(),
  maxCost: z.number().min(0).optional(),
  allowUnpriced: z.boolean().optional(),
  partialImages: z.int().min(0).max(3).optional(),
  openai: openaiConfigSchema.optional(),
  google: googleConfigSchema.optional(),
  fal: falConfigSchema.optional(),
  remote: remoteSchema.optional(),
}) satisfies z.ZodType<ImagegenConfig>

/**
 * The config's default export checked against the schema: the first problem, named by its dotted
 * path and placed at the line of that key in the file when the key is written there.
 */
export function validateConfig(value: unknown, source: string, name: string): ImagegenConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImagegenError('CONFIG', `${name} must export an object`, {
      hint: 'export default defineConfig({ … })',
    })
  }
  const result = configSchema.safeParse(value)
  if (result.success) return result.data as ImagegenConfig
  const issue = result.error.issues[0] as z.core.$ZodIssue
  const path = issue.path.map(String)
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
  const keys = unknownKey === undefined ? path : [...path, unknownKey]
  const position = keyPosition(source, name, keys)
  // With a position the message starts `imagegen.config.ts:3:3`; without, with the file's name.
  const where = position ? '' : `${name}: `
  const placed = position ? { position } : {}
  if (unknownKey !== undefined) {
    const known = Object.keys(shapeAt(path))
    const guess = didYouMean(unknownKey, known)
    throw new ImagegenError('CONFIG', `${where}\`${keys.join('.')}\` is not an option`, {
      hint: guess ? `did you mean \`${guess}\`?` : `use ${known.join(', ')}`,
      ...placed,
    })
  }
  // What it should be, never the value written: a misplaced API key must not end up in a build log.
  throw new ImagegenError('CONFIG', `${where}\`${keys.join('.')}\` ${expected(issue)}`, placed)
}

/** The keys of the object at `path` (`google`, `openai.azure`, …), for the did-you-mean hint. */
function shapeAt(path: readonly string[]): Record<string, unknown> {
  let shape: Record<string, z.ZodType> = configSchema.shape
  for (const key of path) {
    const field = shape[key]
    const object = field instanceof z.ZodOptional ? field.unwrap() : field
    if (!(object instanceof z.ZodObject)) break
    shape = object.shape
  }
  return shape
}

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => `\`${String(value)}\``).join(', ')}`
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`
    case 'invalid_format':
      return issue.format === 'url'
        ? 'must be a URL such as https://api.example.com/v1'
        : `must be a ${issue.format}`
    default:
      return 'is not a valid value'
  }
}
