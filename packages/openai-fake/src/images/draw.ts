/**
 * Deterministic pictures: a background colour, a few shapes and a caption, all drawn from the
 * request's seed, so tests can tell images apart by eye and by bytes.
 */

import sharp from 'sharp'
import type { ImageJob, OutputFormat } from '../job.js'
import { CELL_WIDTH, LINE_HEIGHT, textPath, wrapText } from './pixel-font.js'
import { imageSeed, seededRandom } from './seed.js'

export interface DrawOptions {
  /** Encode in this format instead of the one the job asks for (the `wrong-format` fault). */
  format?: OutputFormat
  /** Gaussian blur sigma: streaming partial images are blurred versions of the final one. */
  blur?: number
}

/** The format the service answers in: DALL·E (and Google) always PNG, GPT image models and fal what was asked. */
export function answerFormat(job: ImageJob): OutputFormat {
  return job.family === 'gpt-image' || job.family === 'fal' ? job.outputFormat : 'png'
}

export function drawImage(job: ImageJob, index: number, options: DrawOptions = {}): Promise<Buffer> {
  return encode(job, index, imageSeed(job, index), options.format ?? answerFormat(job), options.blur)
}

/** Everything that determines drawImage's bytes. */
export function drawKey(job: ImageJob, index: number, options: DrawOptions = {}): string {
  const format = options.format ?? answerFormat(job)
  return [
    imageSeed(job, index),
    job.width,
    job.height,
    format,
    job.outputCompression,
    options.blur ?? 0,
  ].join(':')
}

async function encode(
  job: ImageJob,
  index: number,
  seed: string,
  format: OutputFormat,
  blur: number | undefined,
): Promise<Buffer> {
  const transparent = job.background === 'transparent' && format !== 'jpeg'
  let image = sharp(Buffer.from(pictureSvg(job, index, seed, transparent)))
  if (blur) image = image.blur(blur)
  if (!transparent) image = image.flatten({ background: '#000000' }).removeAlpha()
  const quality = Math.max(1, job.outputCompression)
  if (format === 'jpeg') return image.jpeg({ quality }).toBuffer()
  if (format === 'webp') return image.webp({ quality }).toBuffer()
  return image.png().toBuffer()
}

function pictureSvg(job: ImageJob, index: number, seed: string, transparent: boolean): string {
  const { width, height } = job
  const random = seededRandom(seed)
  const hue = Math.floor(random() * 360)
  const shapes: string[] = []
  for (let shape = 0; shape < 6; shape++) {
    const fill = `hsl(${Math.floor(random() * 360)},70%,${35 + Math.floor(random() * 40)}%)`
    const x = Math.round(random() * width)
    const y = Math.round(random() * height)
    const extent = Math.round((0.08 + random() * 0.25) * Math.min(width, height))
    shapes.push(
      random() < 0.5
        ? `<circle cx="${x}" cy="${y}" r="${extent}" fill="${fill}" fill-opacity="0.85"/>`
        : `<rect x="${x - extent}" y="${y - extent}" width="${extent * 2}" height="${extent}" fill="${fill}" fill-opacity="0.85"/>`,
    )
  }
  const scale = Math.max(1, Math.floor(Math.min(width, height) / 180))
  const margin = 2 * CELL_WIDTH * scale
  const columns = Math.max(8, Math.floor((width - 2 * margin) / (CELL_WIDTH * scale)))
  const lines = captionLines(job, index, seed, columns)
  const bandHeight = (lines.length * LINE_HEIGHT + 4) * scale
  const bandTop = height - bandHeight - margin / 2
  const text = lines
    .map((line, row) => textPath(line, margin, bandTop + (2 + row * LINE_HEIGHT) * scale, scale))
    .join('')
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    transparent ? '' : `<rect width="${width}" height="${height}" fill="hsl(${hue},45%,40%)"/>`,
    ...shapes,
    `<rect x="0" y="${bandTop}" width="${width}" height="${bandHeight}" fill="#000" fill-opacity="0.55"/>`,
    `<path d="${text}" fill="#fff"/>`,
    '</svg>',
  ].join('')
}

function captionLines(job: ImageJob, index: number, seed: string, columns: number): string[] {
  const header = `${job.model} ${job.width}x${job.height} #${index + 1} ${seed.slice(0, 8)}`
  const detail = `${job.endpoint} ${job.quality}${job.inputs.length ? ` inputs ${job.inputs.length}` : ''}${job.mask ? ' mask' : ''}`
  const prompt = job.prompt ?? `variation of ${job.inputs[0]?.sha256.slice(0, 12) ?? ''}`
  const maxPromptLines = Math.max(1, Math.min(4, Math.floor(job.height / (LINE_HEIGHT * 6)) - 2))
  return [
    ...wrapText(header, columns, 2),
    ...wrapText(detail, columns, 1),
    ...wrapText(prompt, columns, maxPromptLines),
  ]
}
