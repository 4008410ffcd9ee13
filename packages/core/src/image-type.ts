/** The image formats imagegen recognises; the names are MIME subtypes (`image/${format}`). */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'avif'] as const

export type ImageFormat = (typeof IMAGE_FORMATS)[number]

/** The file extension of each format, without the dot: the one place where `jpeg` becomes `jpg`. */
export const IMAGE_EXTENSIONS: Readonly<Record<ImageFormat, string>> = {
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const AVIF_BRANDS = new Set(['avif', 'avis'])

/**
 * The format of image bytes, from their magic numbers; undefined when they are none we know.
 * What an API or a file name claims is never trusted: the bytes are.
 */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, PNG)) return 'png'
  if (startsWith(bytes, JPEG)) return 'jpeg'
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp'
  const gif = ascii(bytes, 0, 6)
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif'
  if (isAvif(bytes)) return 'avif'
  return undefined
}

/**
 * The width and height of WebP bytes, from the header of whichever bitstream they hold (lossy, lossless
 * or extended); undefined when they are not WebP.
 */
export function webpSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 30 || detectImageFormat(bytes) !== 'webp') return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const uint24 = (offset: number) => view.getUint16(offset, true) | ((bytes[offset + 2] ?? 0) << 16)
  switch (ascii(bytes, 12, 16)) {
    case 'VP8 ':
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff }
    case 'VP8L': {
      const bits = view.getUint32(21, true)
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
    }
    case 'VP8X':
      return { width: uint24(24) + 1, height: uint24(27) + 1 }
    default:
      return undefined
  }
}

/** An ISO-BMFF `ftyp` box whose major or compatible brands name AVIF (HEIC shares the container). */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false
  const boxSize = Math.min(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0), bytes.length)
  if (AVIF_BRANDS.has(ascii(bytes, 8, 12))) return true
  // Compatible brands follow the major brand (8..12) and the minor version (12..16).
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (AVIF_BRANDS.has(ascii(bytes, offset, offset + 4))) return true
  }
  return false
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte)
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  if (bytes.length < end) return ''
  return String.fromCharCode(...bytes.subarray(start, end))
}
