/** Under `<base>@imagegen/`. */
export const SWAP_CLIENT_PATH = 'swap-client.js'

/** The HMR event that carries `{ urls: { [pendingUrl]: storedUrl } }` for images that arrived. */
export const ARRIVED_EVENT = 'imagegen:arrived'
/** Sent by each page running the client, so the server knows images can be swapped in place. */
export const CLIENT_EVENT = 'imagegen:client'

/**
 * The page's side: replaces pending image URLs in `<img src|srcset>` and `<source srcset>` as images
 * arrive, so a page with hundreds of generating images is never reloaded for them. The module itself is
 * updated on the server too; its pending URLs answer with the image from then on.
 */
export function swapClientCode(base: string): string {
  return `import { createHotContext } from ${JSON.stringify(`${base}@vite/client`)}
const hot = createHotContext(${JSON.stringify(`${base}@imagegen/${SWAP_CLIENT_PATH}`)})
const swap = (value, urls) => value.split(/(\\s+)/).map((part) => urls[part] ?? part).join('')
hot.on(${JSON.stringify(ARRIVED_EVENT)}, ({ urls }) => {
  for (const element of document.querySelectorAll('img[src], img[srcset], source[srcset]')) {
    for (const name of ['src', 'srcset']) {
      const value = element.getAttribute(name)
      const next = value && swap(value, urls)
      if (next && next !== value) element.setAttribute(name, next)
    }
  }
})
hot.send(${JSON.stringify(CLIENT_EVENT)}, {})
`
}
