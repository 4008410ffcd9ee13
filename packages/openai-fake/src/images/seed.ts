/** What makes one output image differ from another, and a random sequence drawn from it. */

import { createHash } from 'node:crypto'
import type { ImageJob } from '../job.js'

/** sha256 over everything that changes the picture (not `user`, `response_format`, `stream`). */
export function imageSeed(job: ImageJob, index: number): string {
  const parts = {
    endpoint: job.endpoint,
    model: job.model,
    prompt: job.prompt ?? null,
    size: job.size,
    quality: job.quality,
    background: job.background,
    style: job.style ?? null,
    inputFidelity: job.inputFidelity ?? null,
    inputs: job.inputs.map((input) => input.sha256),
    mask: job.mask?.sha256 ?? null,
    index,
  }
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

/** mulberry32 seeded from the first 32 bits of a hex digest: a small, stable pseudo-random sequence. */
export function seededRandom(seedHex: string): () => number {
  let state = Number.parseInt(seedHex.slice(0, 8), 16) >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
