import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach } from 'vitest'
import { detectImageFormat, type ImageFormat } from '../src/image-type.js'
import type { SourceImage } from '../src/pipeline/index.js'

/** A fresh directory per call, removed after the test. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imagegen-pipeline-'))
    made.push(dir)
    return dir
  }
}

/** A source whose `read()` calls are counted, so a test can prove a warm cache never reads it. */
export interface CountingSource extends SourceImage {
  reads: number
}

export function countingSource(
  bytes: Buffer,
  format: ImageFormat,
  width: number,
  height: number,
): CountingSource {
  const source: CountingSource = {
    hash: createHash('sha256').update(bytes).digest('hex'),
    format,
    width,
    height,
    reads: 0,
    read: async () => {
      source.reads++
      return bytes
    },
  }
  return source
}

/**
 * Smooth diagonal gradients with a little seeded grain: enough detail that quality settings show in
 * the file size, and different seeds make different images.
 */
export async function gradientPng(width: number, height: number, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  let state = seed
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff
      const grain = ((state >> 16) & 15) - 8
      const offset = (y * width + x) * 3
      pixels[offset] = clamp((x * 255) / width + grain)
      pixels[offset + 1] = clamp((y * 255) / height + grain)
      pixels[offset + 2] = clamp(128 + 100 * Math.sin((x + seed * 37) / 60) * Math.cos(y / 45))
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer()
}

export function solidPng(width: number, height: number, color: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer()
}

/** What a derived file really is, read back from disk rather than taken from the pipeline's word. */
export async function readBack(file: string) {
  const bytes = await readFile(file)
  const meta = await sharp(bytes).metadata()
  return {
    format: detectImageFormat(bytes),
    width: meta.width,
    height: meta.height,
    bytes: bytes.length,
    hash: createHash('sha256').update(bytes).digest('hex'),
  }
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)))
}
