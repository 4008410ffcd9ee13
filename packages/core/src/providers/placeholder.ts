import { basename } from 'node:path'
import { requestedFormat, requestedSize } from './requested-size.js'
import type { GeneratedImage, GenerationRequest, Provider } from './types.js'

/**
 * Offline and deterministic: an image of the requested size and format showing the entry's name and
 * prompt on a colour taken from the recipe key. Its output is never written to the store.
 */
export function createPlaceholderProvider(): Provider {
  return {
    name: 'placeholder',
    async generate(request) {
      const count = request.recipe.request.n
      const images: GeneratedImage[] = []
      for (let index = 0; index < count; index++) images.push(await drawPlaceholder(request, index))
      return { images, model: 'placeholder' }
    },
  }
}

export async function drawPlaceholder(request: GenerationRequest, index = 0): Promise<GeneratedImage> {
  const { width, height } = requestedSize(request.recipe)
  const format = requestedFormat(request.recipe)
  const hue = Number.parseInt(request.key.slice(index * 2, index * 2 + 6), 16) % 360
  const svg = placeholderSvg({
    width,
    height,
    hue,
    title: request.recipe.request.n > 1 ? `${request.entryName} #${index + 1}` : request.entryName,
    // The file's name, never its absolute path: placeholders can end up in a deployed site.
    text:
      request.recipe.request.prompt ??
      `variation of ${request.files.variation ? basename(request.files.variation) : 'an image'}`,
  })
  const { default: sharp } = await import('sharp')
  const bytes = await sharp(Buffer.from(svg)).toFormat(format).toBuffer()
  return { bytes, format, width, height }
}

interface PlaceholderArt {
  width: number
  height: number
  hue: number
  title: string
  text: string
}

function placeholderSvg({ width, height, hue, title, text }: PlaceholderArt): string {
  const titleSize = Math.max(12, Math.round(Math.min(width, height) / 12))
  const textSize = Math.max(10, Math.round(titleSize / 2))
  const charsPerLine = Math.max(8, Math.floor((width * 0.85) / (textSize * 0.55)))
  const maxLines = Math.max(1, Math.floor((height * 0.5) / (textSize * 1.3)))
  const lines = wrapText(text, charsPerLine, maxLines)
  const top = height / 2 - ((lines.length + 2) * textSize * 1.3) / 2
  const tspans = lines
    .map(
      (line, i) =>
        `<tspan x="50%" y="${top + titleSize * 1.6 + i * textSize * 1.3}">${escapeXml(line)}</tspan>`,
    )
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<rect width="100%" height="100%" fill="hsl(${hue},45%,78%)"/>
<rect x="4%" y="4%" width="92%" height="92%" fill="none" stroke="hsl(${hue},35%,45%)" stroke-width="${Math.max(2, titleSize / 8)}" stroke-dasharray="${titleSize / 2}"/>
<g font-family="sans-serif" text-anchor="middle" fill="hsl(${hue},40%,20%)">
<text x="50%" y="${top}" font-size="${titleSize}" font-weight="bold">${escapeXml(title)}</text>
<text font-size="${textSize}">${tspans}</text>
<text x="50%" y="${height * 0.9}" font-size="${textSize}">placeholder ${width}×${height}</text>
</g>
</svg>`
}

export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word
    if (candidate.length <= width) {
      line = candidate
      continue
    }
    if (line) lines.push(line)
    line = word.length > width ? `${word.slice(0, width - 1)}…` : word
  }
  if (line) lines.push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  kept[maxLines - 1] = `${kept[maxLines - 1]?.slice(0, width - 1)}…`
  return kept
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
