// Bytes the store takes for a PNG: the signature, then `size` bytes that differ with `seed`. The store
// never decodes an image, so this is all a store test needs, and it is cheap to make large.
import { createHash } from 'node:crypto'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function fakePng(size, seed) {
  const body = Buffer.alloc(size)
  const block = createHash('sha256').update(String(seed)).digest()
  for (let offset = 0; offset < size; offset += block.length) block.copy(body, offset)
  return Buffer.concat([PNG_SIGNATURE, body])
}

/** The recipe stored under `keyOf(label)`, as store-helpers.ts makes it (canonical JSON of one field). */
export function recipeOf(label) {
  return { label }
}

export function keyOf(label) {
  return createHash('sha256')
    .update(JSON.stringify(recipeOf(label)))
    .digest('hex')
}
