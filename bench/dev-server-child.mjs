// One `vite dev` process for bench/dev-server.mjs: starts Vite's dev server on a project, connects to its
// HMR socket as a page running imagegen's swapping client would, and prints one JSON line: time to the
// manifest module, time for every image URL in it to answer, HMR messages until `expect` images arrived,
// and the process's peak RSS. Arguments: <root> <unplugin dist/vite.js> <vite entry> <env JSON> <expect>
// [<plugin options JSON>].
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

const [root, pluginFile, viteFile, envJson, expectArrivals, optionsJson = '{}'] = process.argv.slice(2)
let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 25)

const started = performance.now()
const { createServer } = await import(pathToFileURL(viteFile).href)
const { default: imagegen } = await import(pathToFileURL(pluginFile).href)
const quiet = { info() {}, warn() {}, error: (message) => console.error(message) }
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'silent',
  server: { port: 0, host: '127.0.0.1' },
  optimizeDeps: { noDiscovery: true, include: [] },
  plugins: [
    imagegen({
      root,
      env: JSON.parse(envJson),
      logger: quiet,
      dts: false,
      concurrency: 16,
      ...JSON.parse(optionsJson),
    }),
  ],
})
await server.listen()
const origin = `http://127.0.0.1:${server.httpServer.address().port}`

// The page's HMR connection, registered as a swapping client before the module is asked for.
const messages = []
const socket = new WebSocket(origin.replace('http', 'ws'), 'vite-hmr')
await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }))
socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data))))
socket.send(JSON.stringify({ type: 'custom', event: 'imagegen:client', data: {} }))

const moduleStart = performance.now()
const code = await (await fetch(`${origin}/images.yaml?import`)).text()
const moduleMs = performance.now() - moduleStart
const urls = [...new Set(code.match(/\/@imagegen\/[^"'\s]+/g) ?? [])]

// Six at a time, as a browser fetches from one host.
const urlsStart = performance.now()
const statuses = []
for (let index = 0; index < urls.length; index += 6) {
  const batch = urls.slice(index, index + 6)
  statuses.push(...(await Promise.all(batch.map(async (url) => (await fetch(origin + url)).status))))
}
const urlsMs = performance.now() - urlsStart

// A pending URL has arrived when it maps to a stored image; a streamed preview (`?preview=N`) is not one.
const arrived = new Set()
const previews = new Set()
const isPreview = (url) => url.includes('?preview=')
const wanted = Number(expectArrivals)
const deadline = Date.now() + 300_000
while (wanted > 0 && arrived.size < wanted && Date.now() < deadline) {
  for (const message of messages) {
    if (message.event !== 'imagegen:arrived') continue
    for (const [url, shown] of Object.entries(message.data.urls)) {
      if (isPreview(shown)) previews.add(shown)
      else if (!isPreview(url)) arrived.add(url)
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 100))
}
const arrivedMs = performance.now() - urlsStart
clearInterval(sampler)
socket.close()
await server.close()
console.log(
  JSON.stringify({
    startMs: Math.round(moduleStart - started),
    moduleMs: Math.round(moduleMs),
    urls: urls.length,
    failedUrls: statuses.filter((status) => status !== 200).length,
    urlsMs: Math.round(urlsMs),
    arrivedUrls: arrived.size,
    previewUrls: previews.size,
    arrivedMs: Math.round(arrivedMs),
    fullReloads: messages.filter((message) => message.type === 'full-reload').length,
    updates: messages.filter((message) => message.type === 'update').length,
    arrivalEvents: messages.filter((message) => message.event === 'imagegen:arrived').length,
    peakRssMb: Math.round(peakRss / 2 ** 20),
  }),
)
process.exit(0)
