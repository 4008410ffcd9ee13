import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { expect } from 'vitest'
import { type ImagegenError, type Logger, ManifestError } from '../src/internal.js'

/** A real (tiny, transparent) PNG of the given size. */
export function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const rows = Buffer.alloc((width * 4 + 1) * height)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** The first bytes of a JPEG file: enough for the magic-number check. */
export const JPEG_BYTES = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
])

export interface Project {
  /** The project root. */
  root: string
  /** A folder beside the root, outside it. */
  outside: string
  /** Writes a file (text or bytes) under the root. */
  write(path: string, content: string | Uint8Array): Promise<string>
}

/**
 * A fresh project in a temporary folder, with input images an edit or variation can name:
 * square.png (8x8), wide.png (8x4), mask.png, photo.jpg, notes.txt, and outside/secret.png
 * beside the root, reachable through `link.png`.
 */
export async function createProject(): Promise<Project> {
  const base = await mkdtemp(join(tmpdir(), 'imagegen-manifest-'))
  const root = join(base, 'project')
  const outside = join(base, 'outside')
  const write = async (path: string, content: string | Uint8Array) => {
    const file = join(root, path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, content)
    return file
  }
  await mkdir(outside, { recursive: true })
  await writeFile(join(outside, 'secret.png'), png(8, 8))
  await write('square.png', png(8, 8))
  await write('wide.png', png(8, 4))
  await write('mask.png', png(8, 8))
  await write('photo.jpg', JPEG_BYTES)
  await write('notes.txt', 'not an image')
  await symlink(join(outside, 'secret.png'), join(root, 'link.png'))
  return { root, outside, write }
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, info() {}, warn: (message) => warnings.push(message), error() {} }
}

/** The issues of a manifest that must fail; fails the test if it does not fail with a ManifestError. */
export async function issuesOf(promise: Promise<unknown>): Promise<readonly ImagegenError[]> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(ManifestError)
  return (error as ManifestError).issues
}
