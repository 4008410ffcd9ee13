import { z } from 'zod'
import { manifestSchema } from './schema.js'

/**
 * The JSON Schema of images.yaml, for editor completion and hover (yaml-language-server, VS Code).
 * Draft-07: the draft those tools support best. Generated from the schema the manifest is validated
 * with; `scripts/build-schema.mjs` writes it to `schema/images.schema.json` on every build.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, { target: 'draft-07' }) as Record<string, unknown>
  return {
    ...schema,
    description:
      'The images imagegen makes at build time. Request fields use the OpenAI Images API names; per-model limits (sizes, n, quality, fields) are checked when the manifest is loaded.',
  }
}
