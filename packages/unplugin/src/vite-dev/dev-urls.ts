import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type DerivedEntry,
  IMAGE_EXTENSIONS,
  type ImageVariant,
  type ModuleAsset,
} from '@imagegen/core/internal'

/** A URL that answers once its entry is generated: which entry, and which of its files. */
interface PendingFile {
  key: string
  /** Index of the image among the entry's `n`. */
  index: number
  width: number
  format: ImageVariant['format']
}

/** The derived files of an entry being generated, or undefined when none is. */
export type GenerationLookup = (key: string) => Promise<DerivedEntry> | undefined

/**
 * The URLs `vite dev` gives images, all under `<base>@imagegen/`, and the middleware that answers
 * them: a stored file at once from the derivative cache; a pending one when its generation is done.
 */
export class DevImageUrls {
  private readonly prefix: string
  /** `<hash>.<ext>` to the derivative cache's file. */
  private readonly files = new Map<string, string>()
  /** `pending/<key>/<name>` to the file it will be. */
  private readonly pendingFiles = new Map<string, PendingFile>()

  constructor(base: string) {
    this.prefix = `${base.replace(/\/?$/, '/')}@imagegen/`
  }

  /** The URL of a derived file already on disk. */
  stored(variant: ImageVariant): string {
    const path = `${variant.hash.slice(0, 16)}.${IMAGE_EXTENSIONS[variant.format]}`
    this.files.set(path, variant.file)
    return this.prefix + path
  }

  /** The URL of an asset of the entry with recipe `key`, which is yet to be generated. */
  pending(key: string, { index, name, variant }: ModuleAsset): string {
    const path = `pending/${key.slice(0, 16)}/${name}`
    this.pendingFiles.set(path, { key, index, width: variant.width, format: variant.format })
    return this.prefix + path
  }

  middleware(generation: GenerationLookup) {
    return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      if (!path.startsWith(this.prefix)) return next()
      this.serve(path.slice(this.prefix.length), response, generation).catch(next)
    }
  }

  private async serve(path: string, response: ServerResponse, generation: GenerationLookup): Promise<void> {
    const file = this.files.get(path) ?? (await this.pendingFile(path, response, generation))
    if (!file) return
    const format = Object.entries(IMAGE_EXTENSIONS).find(([, ext]) => file.endsWith(`.${ext}`))?.[0]
    response.setHeader('Content-Type', `image/${format ?? 'png'}`)
    response.setHeader('Cache-Control', 'no-cache')
    createReadStream(file).pipe(response)
  }

  /** Waits for the generation; answers the error (and undefined) when there is no file. */
  private async pendingFile(
    path: string,
    response: ServerResponse,
    generation: GenerationLookup,
  ): Promise<string | undefined> {
    const pending = this.pendingFiles.get(path)
    const derived = pending && generation(pending.key)
    if (!pending || !derived) {
      response.statusCode = 404
      response.end()
      return undefined
    }
    try {
      const { images } = await derived
      const variants = (images[pending.index] ?? images[0])?.variants ?? []
      const sameFormat = variants.filter((variant) => variant.format === pending.format)
      const variant =
        sameFormat.find((candidate) => candidate.width === pending.width) ??
        sameFormat.at(-1) ??
        variants.at(-1)
      if (variant) return variant.file
      throw new Error('the generated entry has no files')
    } catch (error) {
      response.statusCode = 500
      response.end(error instanceof Error ? error.message : String(error))
      return undefined
    }
  }
}
