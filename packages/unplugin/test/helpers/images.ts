import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { ImagegenImage } from '@imagegen/core'
import { expect } from 'vitest'
import type { BuildOutput } from './bundlers.js'

// sharp is core's dependency, not this package's: reach it where core does.
const require = createRequire(createRequire(import.meta.url).resolve('@imagegen/core/package.json'))
const sharp = require('sharp') as (file: string) => {
  metadata(): Promise<{ width?: number; height?: number; format?: string }>
}

export interface FileFacts {
  file: string
  width: number
  height: number
  format: string
}

/** The file behind a URL of the bundle, read back: it must exist and be an image. */
export async function fileFacts(output: BuildOutput, url: string): Promise<FileFacts> {
  const file = output.fileOf(url)
  expect(existsSync(file), `${url} -> ${file} exists`).toBe(true)
  const { width = 0, height = 0, format = '' } = await sharp(file).metadata()
  return { file, width, height, format }
}

/** `url 320w, url 640w` as pairs. */
export function srcsetCandidates(srcset: string): { url: string; width: number }[] {
  return srcset.split(', ').map((candidate) => {
    const [url = '', width = ''] = candidate.split(' ')
    return { url, width: Number.parseInt(width, 10) }
  })
}

/**
 * Checks that an image object tells the truth about the files it names: `src` and every srcset
 * candidate exist with the stated width and format, and `src` is the largest.
 */
export async function expectImageMatchesFiles(
  output: BuildOutput,
  image: ImagegenImage,
): Promise<FileFacts[]> {
  const src = await fileFacts(output, image.src)
  expect(src).toMatchObject({ width: image.width, height: image.height, format: image.format })
  const candidates = srcsetCandidates(image.srcset)
  const facts = await Promise.all(candidates.map(({ url }) => fileFacts(output, url)))
  for (const [index, { width }] of candidates.entries()) {
    expect(facts[index]).toMatchObject({ width, format: image.format })
  }
  expect(candidates.at(-1)?.url).toBe(image.src)
  expect(image.sources).toEqual([{ type: `image/${image.format}`, srcset: image.srcset }])
  return facts
}
