/**
 * What a pending image URL answers while its entry is generated: an SVG of the image's size naming
 * the entry. A string, not a drawing: hundreds of them cost nothing, and it scales like the image.
 */
export function placeholderSvg(width: number, height: number, entryName: string): string {
  const label = escapeXml(entryName)
  const size = Math.max(12, Math.round(Math.min(width, height) / 14))
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#d9dde3"/><text x="50%" y="50%" text-anchor="middle" font-family="system-ui,sans-serif" font-size="${size}" fill="#4a5260">${label}</text><text x="50%" y="${50 + (size * 150) / height}%" text-anchor="middle" font-family="system-ui,sans-serif" font-size="${Math.round(size * 0.7)}" fill="#6b7382">generating…</text></svg>`
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
