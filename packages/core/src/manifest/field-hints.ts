/**
 * What would be right for each field, as a hint reads it: the second half of a type or range error.
 * Keyed by where the field stands: `entry.n`, `defaults.transform.widths`, `top.images`. Entry and
 * defaults share the request and presentation fields, so those are listed once under `field.`.
 */
const FIELD_HINTS: Readonly<Record<string, string>> = {
  'field.model': 'use a model name such as gpt-image-1',
  'field.prompt': 'describe the image in words',
  'field.n': 'use a whole number from 1 to 10',
  'field.size': 'use WIDTHxHEIGHT such as 1024x1024, or auto',
  'field.output_compression': 'use a whole number from 0 to 100',
  'field.alt': 'use text that describes the image',
  'field.rev': 'use a whole number, 0 or more; bump it to regenerate',
  'field.transform': 'use a mapping such as { format: avif, widths: [640, 1280] }',
  'field.transform.widths': 'use a list of pixel widths such as [640, 1280]',
  'field.transform.quality': 'use a whole number from 1 to 100',
  'field.images': 'use a list of up to 16 paths relative to this file, such as [./photo.png]',
  'field.mask': 'use the path of a PNG, relative to this file',
  'field.variation': 'use the path of a square PNG, relative to this file',
  'top.$schema': 'use the URL or path of the JSON Schema',
  'top.defaults': 'use a mapping of the fields every entry gets, such as { model: gpt-image-1 }',
  'top.images': 'use a mapping of entry names to entries, such as { hero: { prompt: … } }',
}

export type Scope = 'top' | 'defaults' | 'entry'

export function fieldHint(scope: Scope, field: string): string | undefined {
  return FIELD_HINTS[`${scope === 'top' ? 'top' : 'field'}.${field}`]
}

/** Fields an entry takes that `defaults` does not: each belongs to one image. */
export const ENTRY_ONLY_FIELDS: readonly string[] = ['prompt', 'alt', 'rev', 'images', 'mask', 'variation']
