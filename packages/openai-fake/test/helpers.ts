import sharp from 'sharp'
import { afterEach } from 'vitest'
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from '../src/index.js'

const running: FakeOpenAI[] = []

/** A fake for one test, closed after it. */
export async function startFake(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI(options)
  running.push(fake)
  return fake
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()))
})

export const AUTH = { authorization: 'Bearer sk-test-1234567890' }

export function postJson(
  fake: FakeOpenAI,
  path: string,
  body: unknown,
  headers: Record<string, string> = AUTH,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...init,
  })
}

export function generate(fake: FakeOpenAI, body: Record<string, unknown>, init: RequestInit = {}) {
  return postJson(fake, '/images/generations', body, AUTH, init)
}

export type FormValue = string | { bytes: Buffer; filename?: string; type?: string }

/** A multipart form from [name, value] pairs, in order; repeated names repeat parts. */
export function form(entries: [string, FormValue][]): FormData {
  const data = new FormData()
  for (const [name, value] of entries) {
    if (typeof value === 'string') data.append(name, value)
    else
      data.append(
        name,
        new Blob([new Uint8Array(value.bytes)], { type: value.type ?? 'image/png' }),
        value.filename ?? 'image.png',
      )
  }
  return data
}

export function postForm(fake: FakeOpenAI, path: string, body: FormData | Buffer, contentType?: string) {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { ...AUTH, ...(contentType ? { 'content-type': contentType } : {}) },
    body: body instanceof Buffer ? new Uint8Array(body) : body,
  })
}

/** A hand-written multipart body, for parts FormData cannot express (no Content-Type at all). */
export function rawMultipart(
  parts: { name: string; value: string | Buffer; filename?: string; type?: string }[],
  boundary = 'fake-boundary-42',
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = []
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`
    const type = part.type === undefined ? '' : `\r\nContent-Type: ${part.type}`
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`,
      ),
    )
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A solid image to upload. */
export function imageBytes(
  width: number,
  height: number,
  options: { format?: 'png' | 'jpeg' | 'webp'; alpha?: boolean; colour?: string } = {},
): Promise<Buffer> {
  const { format = 'png', alpha = false, colour = '#3366cc' } = options
  const image = sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 0, g: 0, b: 0, alpha: 0 } : colour,
    },
  })
  return image.toFormat(format).toBuffer()
}

export interface ImagesBody {
  created: number
  data: { b64_json?: string; url?: string; revised_prompt?: string }[]
  background?: string
  output_format?: string
  size?: string
  quality?: string
  usage?: {
    input_tokens: number
    output_tokens: number
    total_tokens: number
    input_tokens_details: { text_tokens: number; image_tokens: number }
  }
}

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

export async function imagesOf(response: Response): Promise<ImagesBody> {
  if (response.status !== 200)
    throw new Error(`expected 200, got ${response.status}: ${await response.text()}`)
  return (await response.json()) as ImagesBody
}

export function decode(item: { b64_json?: string }): Buffer {
  if (item.b64_json === undefined) throw new Error('no b64_json in the item')
  return Buffer.from(item.b64_json, 'base64')
}

export async function describeImage(bytes: Buffer) {
  const { format, width, height, hasAlpha } = await sharp(bytes).metadata()
  return { format, width, height, hasAlpha }
}
