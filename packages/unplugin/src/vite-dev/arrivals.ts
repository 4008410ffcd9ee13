import type { ViteDevServer } from 'vite'
import { ARRIVED_EVENT, CLIENT_EVENT } from './swap-client.js'

/** Images that arrive within this long of each other reach the page as one event. */
const BATCH_MS = 100
/** Pages without the swapping client are reloaded, but never more often than this. */
const RELOAD_INTERVAL_MS = 3000

/**
 * Tells the pages that images arrived. Where a page runs the swapping client it gets one custom HMR
 * event per batch and swaps the URLs in place; the manifest's modules are only invalidated, so the next
 * import is made from the store. Where none does (a framework that renders its own HTML), the modules
 * are reloaded through HMR, batched and at most once every few seconds, not once per image.
 */
export class Arrivals {
  private urls: Record<string, string> = {}
  private readonly files = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private lastReload = 0
  private swapping = false

  constructor(private readonly server: ViteDevServer) {
    server.environments.client.hot.on(CLIENT_EVENT, () => {
      this.swapping = true
    })
  }

  add(file: string, urls: Record<string, string>): void {
    Object.assign(this.urls, urls)
    this.files.add(file)
    this.timer ??= setTimeout(() => this.flush(), this.delay())
  }

  /**
   * A streamed preview: swapped in like an image, by pages that run the client; the modules stay as
   * they are, and a page without the client sees the image when it arrives, not each preview.
   */
  preview(urls: Record<string, string>): void {
    if (!this.swapping) return
    Object.assign(this.urls, urls)
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS)
  }

  private delay(): number {
    if (this.swapping) return BATCH_MS
    return Math.max(BATCH_MS, this.lastReload + RELOAD_INTERVAL_MS - Date.now())
  }

  private async flush(): Promise<void> {
    this.timer = undefined
    const urls = this.urls
    const files = [...this.files]
    this.urls = {}
    this.files.clear()
    const { moduleGraph } = this.server
    const modules = files.flatMap((file) => [...(moduleGraph.getModulesByFile(file) ?? [])])
    if (this.swapping) {
      for (const module of modules) moduleGraph.invalidateModule(module)
      this.server.environments.client.hot.send({ type: 'custom', event: ARRIVED_EVENT, data: { urls } })
      return
    }
    this.lastReload = Date.now()
    await Promise.all(modules.map((module) => this.server.reloadModule(module))).catch((error: unknown) =>
      this.server.config.logger.error(String(error)),
    )
  }

  close(): void {
    clearTimeout(this.timer)
  }
}
