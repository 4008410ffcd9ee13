import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { detectImageFormat, IMAGE_FORMATS } from '../src/image-type.js'

function encoded(format: (typeof IMAGE_FORMATS)[number]) {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } })
    .toFormat(format)
    .toBuffer()
}

describe('detectImageFormat', () => {
  it.each(IMAGE_FORMATS)('recognises %s as sharp writes it', async (format) => {
    expect(detectImageFormat(await encoded(format))).toBe(format)
  })

  it('reads the bytes wherever they sit in their buffer', async () => {
    const webp = await encoded('webp')
    const padded = Buffer.concat([Buffer.alloc(3), webp]).subarray(3)
    expect(detectImageFormat(new Uint8Array(padded.buffer, padded.byteOffset, padded.length))).toBe('webp')
  })

  it('recognises AVIF named among the compatible brands only', () => {
    const ftyp = Buffer.alloc(24)
    ftyp.writeUInt32BE(24, 0)
    ftyp.write('ftypmif1', 4, 'latin1')
    ftyp.write('mif1avif', 16, 'latin1')
    expect(detectImageFormat(ftyp)).toBe('avif')
  })

  it.each([
    ['nothing', Buffer.alloc(0)],
    ['text', Buffer.from('<!doctype html>')],
    ['a truncated png signature', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['a RIFF that is not WEBP', Buffer.from('RIFF\0\0\0\0WAVEfmt ')],
    ['HEIC', Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1')],
  ])('does not take %s for an image', (_, bytes) => {
    expect(detectImageFormat(bytes)).toBeUndefined()
  })
})
