import type { ImageFormat, PartialImage } from '@imagegen/core/internal'

interface Preview {
  bytes: Buffer
  format: ImageFormat
}

/**
 * The latest streamed preview of each image still generating: in memory only (never in the store,
 * never on disk), one per image at a time, all of an entry's dropped when its image arrives, so what
 * is held is bounded by the generations in flight. Each preview of an entry is numbered, and a pending
 * URL shows it as `<url>?preview=<number>`: a URL of its own for the page to swap to, whose answer no
 * browser confuses with the one before.
 */
export class Previews {
  private readonly latest = new Map<string, Preview>()
  /** Previews shown so far, by entry key (across retried attempts too). */
  private readonly counts = new Map<string, number>()

  /** Keeps the preview; its number. */
  add(key: string, image: PartialImage): number {
    this.latest.set(`${key}/${image.index}`, { bytes: image.bytes, format: image.format })
    const count = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, count)
    return count
  }

  /** The latest preview of image `index` of entry `key`, if one came. */
  get(key: string, index: number): Preview | undefined {
    return this.latest.get(`${key}/${index}`)
  }

  /** Each URL the page may show for pending `url` of entry `key`: the URL itself, then each preview's. */
  shownAs(url: string, key: string): string[] {
    const count = this.counts.get(key) ?? 0
    return [url, ...Array.from({ length: count }, (_, index) => previewUrl(url, index + 1))]
  }

  /** The entry's image arrived (or failed): its previews go. */
  drop(key: string): void {
    this.counts.delete(key)
    for (const id of this.latest.keys()) if (id.startsWith(`${key}/`)) this.latest.delete(id)
  }
}

export function previewUrl(url: string, number: number): string {
  return `${url}?preview=${number}`
}
