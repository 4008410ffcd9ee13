import sharp from 'sharp'
import { sha256 } from '../hash.js'
import { IMAGE_EXTENSIONS } from '../image-type.js'
import type { DerivativeCache } from './cache-files.js'
import { ENCODERS } from './encoders/index.js'
import type { VariantSpec } from './plan.js'
import { resizeTo } from './resize.js'
import type { ImageVariant, SourceImage } from './types.js'

/** Makes one variant from the source bytes and writes it into the cache under `key`. */
export async function deriveVariant(
  cache: DerivativeCache,
  key: string,
  source: SourceImage,
  bytes: Buffer,
  spec: VariantSpec,
): Promise<ImageVariant> {
  const output = spec.copy
    ? { data: bytes, width: source.width, height: source.height }
    : await encode(bytes, spec)
  const file = cache.file(key, IMAGE_EXTENSIONS[spec.format])
  await cache.write(file, output.data)
  return {
    width: output.width,
    height: output.height,
    format: spec.format,
    file,
    bytes: output.data.length,
    hash: sha256(output.data),
  }
}

async function encode(
  bytes: Buffer,
  spec: VariantSpec,
): Promise<{ data: Buffer; width: number; height: number }> {
  const steps = [resizeTo(spec.width, spec.fit), ENCODERS[spec.format](spec.quality)]
  const image = steps.reduce((pipeline, step) => step(pipeline), sharp(bytes))
  const { data, info } = await image.toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}
