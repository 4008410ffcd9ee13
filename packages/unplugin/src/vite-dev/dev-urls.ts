import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type DerivedEntry,
  IMAGE_EXTENSIONS,
  type ImageVariant,
  type ModuleAsset,
  type PartialImage,
} from '@imagegen/core/internal'
import { placeholderSvg } from './placeholder-svg.js'
import { Previews, previewUrl } from './previews.js'
import { SWAP_CLIENT_PATH, swapClientCode } from './swap-client.js'

/** A URL whose image is still being generated: which entry, and which of its files it will be. */
interface PendingFile {
  key: string
  entryName: string
  /** Index of the image among the entry's `n`. */
  index: number
  width: number
  height: number
  format: ImageVariant['format']
}

/** Where an entry's generation stands: the middleware never waits for one. */
export type GenerationState =
  | { state: 'pending' }
  | { state: 'done'; entry: DerivedEntry }
  | { state: 'failed'; message: string }

export type GenerationLookup = (key: string) => GenerationState | undefined

/*
 * These maps are shared by every Vite server of the process: a framework may render pages in one and
 * serve files from another (Nuxt's SSR and client servers). A stored name stands for its content; a
 * pending one for its entry's recipe key, answered with the placeholder until the page is reloaded
 * if the server answering it is not the one generating the entry.
 */
/** `<hash>.<ext>` to the derivative cache's file. */
const storedFiles = new Map<string, string>()
/** `pending/<key>/<name>` to the file it will be. */
const pendingFiles = new Map<string, PendingFile>()
/** The latest image each pending entry's model streamed, served in place of its placeholder. */
const previews = new Previews()

/**
 * The URLs `vite dev` gives images, all under `<base>@imagegen/`, and the middleware that answers
 * them: a stored file from the derivative cache; a pending one at once, with a placeholder of its size
 * while its entry is generated (or the latest preview the model streamed) and with the image after.
 * The swapping client is served here too.
 */
export class DevImageUrls {
  readonly prefix: string
  private readonly base: string

  constructor(base: string) {
    this.base = base.replace(/\/?$/, '/')
    this.prefix = `${this.base}@imagegen/`
  }

  /** The URL of a derived file already on disk. */
  stored(variant: ImageVariant): string {
    const path = `${variant.hash.slice(0, 16)}.${IMAGE_EXTENSIONS[variant.format]}`
    storedFiles.set(path, variant.file)
    return this.prefix + path
  }

  /** The URL of an asset of the entry with recipe `key`, which is yet to be generated. */
  pending(key: string, { entry, index, name, variant }: ModuleAsset): string {
    const path = `pending/${key.slice(0, 16)}/${name}`
    const { width, height, format } = variant
    pendingFiles.set(path, { key, entryName: entry.name, index, width, height, format })
    return this.prefix + path
  }

  /**
   * Keeps a preview of the entry `key` (in memory) and maps every URL its image's pending files show
   * now (the pending URL, earlier previews) to this preview's URL.
   */
  preview(key: string, image: PartialImage): Record<string, string> {
    const number = previews.add(key, image)
    const urls: Record<string, string> = {}
    for (const [path, pending] of pendingFiles) {
      if (pending.key !== key || pending.index !== image.index) continue
      const url = this.prefix + path
      for (const shown of previews.shownAs(url, key)) urls[shown] = previewUrl(url, number)
    }
    return urls
  }

  /** Every URL the entry `key`'s pending files show (previews too) with the stored URL of the file it became. */
  arrived(key: string, entry: DerivedEntry): Record<string, string> {
    const urls: Record<string, string> = {}
    for (const [path, pending] of pendingFiles) {
      const variant = pending.key === key ? variantFor(pending, entry) : undefined
      if (!variant) continue
      const stored = this.stored(variant)
      for (const shown of previews.shownAs(this.prefix + path, key)) urls[shown] = stored
    }
    previews.drop(key)
    return urls
  }

  /** A failed generation's previews go too. */
  failed(key: string): void {
    previews.drop(key)
  }

  /** The `<script>` of the swapping client, for the pages Vite serves. */
  clientSrc(): string {
    return this.prefix + SWAP_CLIENT_PATH
  }

  /** `onMissing` hears of a derived file gone from disk (its cache deleted), to derive it again. */
  middleware(generation: GenerationLookup, onMissing: () => void = () => {}) {
    return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      if (!path.startsWith(this.prefix)) return next()
      const name = path.slice(this.prefix.length)
      if (name === SWAP_CLIENT_PATH) return send(response, 'text/javascript', swapClientCode(this.base))
      const stored = storedFiles.get(name)
      if (stored) return serveFile(stored, response, onMissing)
      const pending = pendingFiles.get(name)
      if (!pending) return notFound(response)
      const state = generation(pending.key) ?? { state: 'pending' }
      if (state.state === 'failed') return send(response, 'text/plain', state.message, 500)
      const variant = state.state === 'done' ? variantFor(pending, state.entry) : undefined
      if (variant) return serveFile(variant.file, response, onMissing)
      const preview = previews.get(pending.key, pending.index)
      if (preview) return send(response, `image/${preview.format}`, preview.bytes)
      // At once, never a held connection: a browser opens only a few per host, and the page's other
      // requests would queue behind images that take a minute to generate.
      const svg = placeholderSvg(pending.width, pending.height, pending.entryName)
      return send(response, 'image/svg+xml', svg)
    }
  }
}

function variantFor(pending: PendingFile, { images }: DerivedEntry): ImageVariant | undefined {
  const variants = (images[pending.index] ?? images[0])?.variants ?? []
  const sameFormat = variants.filter((variant) => variant.format === pending.format)
  return (
    sameFormat.find((candidate) => candidate.width === pending.width) ?? sameFormat.at(-1) ?? variants.at(-1)
  )
}

/** A derivative deleted under the server (the cache is disposable) is a 404, never a crash. */
function serveFile(file: string, response: ServerResponse, onMissing: () => void): void {
  const format = Object.entries(IMAGE_EXTENSIONS).find(([, ext]) => file.endsWith(`.${ext}`))?.[0]
  const stream = createReadStream(file)
  stream.once('open', () => {
    response.setHeader('Content-Type', `image/${format ?? 'png'}`)
    response.setHeader('Cache-Control', 'no-cache')
    stream.pipe(response)
  })
  stream.once('error', () => {
    if (response.headersSent) return response.destroy()
    onMissing()
    response.statusCode = 404
    response.end(
      'unplugin-imagegen: this image was removed from the derivative cache; reload the page to make it again',
    )
  })
}

function send(response: ServerResponse, type: string, body: string | Buffer, status = 200): void {
  response.statusCode = status
  response.setHeader('Content-Type', type)
  // A pending URL answers differently once its image arrives: never keep its placeholder.
  response.setHeader('Cache-Control', 'no-store')
  response.end(body)
}

function notFound(response: ServerResponse): void {
  response.statusCode = 404
  response.end()
}
