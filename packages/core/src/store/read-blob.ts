import { ImagegenError } from '../errors.js'
import type { ImageFormat } from '../image-type.js'
import type { StoreContext } from './context.js'

/** The bytes of a blob, only ever after they have been checked against the hash that names them. */
export async function readVerifiedBlob(
  context: StoreContext,
  ref: { blob: string; format: ImageFormat },
): Promise<Buffer> {
  const file = context.layout.blobFile(ref.blob, ref.format)
  const result = await context.verifier.read(file, ref.blob)
  if (result.status === 'ok' && result.bytes) return result.bytes
  const problem = result.status === 'missing' ? 'is missing' : 'does not hash to its name'
  throw new ImagegenError('STORE_CORRUPT', `the stored image ${file} ${problem}`, {
    hint: 'generate the entry again (its recipe is now a miss), or restore the file from version control',
  })
}
