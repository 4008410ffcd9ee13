/**
 * Recently drawn images of one server, by everything that determines their bytes. Benchmarks ask for
 * the same picture many times; one in-flight promise per key means concurrent identical requests
 * draw once. Per server, so a fresh server always draws afresh.
 */

export type RenderCache = (key: string, render: () => Promise<Buffer>) => Promise<Buffer>

export function createRenderCache(maxEntries = 64): RenderCache {
  const cache = new Map<string, Promise<Buffer>>()
  return (key, render) => {
    const hit = cache.get(key)
    if (hit) {
      cache.delete(key)
      cache.set(key, hit)
      return hit
    }
    const rendered = render()
    cache.set(key, rendered)
    rendered.catch(() => cache.delete(key))
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string)
    return rendered
  }
}
