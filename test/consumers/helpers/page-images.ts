import { Console } from 'node:console'
import { Writable } from 'node:stream'
import { Browser, type BrowserPage, type BrowserWindow, type Document, type HTMLElement } from 'happy-dom'
import sharp from 'sharp'

/** An image URL a page uses, and the size its markup says the file has. */
export interface ImageClaim {
  url: string
  width: number
  height: number
  /** From `<source type>`, when the URL came from one. */
  type?: string
}

/**
 * Every image URL in a page: `img src`, `img srcset` and `picture > source srcset`. With `scripts`, the
 * page's own scripts run first (happy-dom, fetching them from the server), so client-rendered pages
 * are read as a browser would show them; without, only the served HTML counts. With `navigate` (needs
 * `scripts`), the images are read from the page a click on a link renders in the browser. An `img` must carry `width` and `height` (the
 * object's claim); a `640w` candidate claims 640 and the same aspect ratio.
 */
export async function pageImages(
  pageUrl: string,
  options: { scripts: boolean; minimum: number; navigate?: Navigation },
): Promise<ImageClaim[]> {
  // Node's own Console, into a buffer: React's development build calls `console.timeStamp`, which
  // happy-dom's virtual console does not implement.
  let logged = ''
  const output = new Writable({
    write(chunk, _encoding, done) {
      logged += chunk
      done()
    },
  })
  const browser = new Browser({
    console: new Console({ stdout: output, stderr: output }),
    settings: {
      enableJavaScriptEvaluation: options.scripts,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableCSSFileLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
    },
  })
  try {
    const page = browser.newPage()
    await page.goto(pageUrl)
    if (options.navigate) await navigate(page, options.navigate)
    // A dev server's page never settles (its HMR client keeps reconnecting): read it once it shows
    // the images expected, or once everything it started has finished, whichever comes first.
    let complete = false
    void page.waitUntilComplete().then(() => {
      complete = true
    })
    const deadline = Date.now() + 60_000
    let claims = readClaims(page.mainFrame.document, pageUrl)
    while (!complete && claims.length < options.minimum && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      claims = readClaims(page.mainFrame.document, pageUrl)
    }
    if (complete) claims = readClaims(page.mainFrame.document, pageUrl)
    if (claims.length < options.minimum) {
      const body = page.mainFrame.document.body?.innerHTML.slice(0, 2_000)
      throw new Error(
        `${pageUrl} shows ${claims.length} image URLs, not ${options.minimum}.\nBody: ${body}\nConsole: ${logged.slice(0, 4_000)}`,
      )
    }
    return claims
  } finally {
    await browser.close()
  }
}

/**
 * A link to click once the app has hydrated (`ready` says when), to read the page the app then renders
 * in the browser: a client-side navigation, proven by the same window showing the new URL and the link
 * gone with the page it was on.
 */
export interface Navigation {
  link: string
  ready(window: BrowserWindow): boolean
}

async function navigate(page: BrowserPage, { link: selector, ready }: Navigation): Promise<void> {
  const { window } = page.mainFrame
  const from = page.mainFrame.url
  await waitFor(() => ready(window), `${from} never hydrated`)
  const link = window.document.querySelector(selector) as HTMLElement | null
  if (!link) throw new Error(`${from} has no ${selector} to click`)
  link.click()
  await waitFor(
    () => page.mainFrame.url !== from && !link.isConnected,
    `clicking ${selector} on ${from} rendered no other page`,
  )
  if (page.mainFrame.window !== window) throw new Error(`${selector} on ${from} loaded a new document`)
}

async function waitFor(condition: () => boolean, failure: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(failure)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function readClaims(document: Document, pageUrl: string): ImageClaim[] {
  const claims: ImageClaim[] = []
  for (const img of document.querySelectorAll('img')) {
    const width = Number(img.getAttribute('width'))
    const height = Number(img.getAttribute('height'))
    const src = img.getAttribute('src') ?? ''
    if (!(width > 0 && height > 0)) throw new Error(`<img src="${src}"> has no width and height`)
    if (src && !src.startsWith('data:')) claims.push({ url: new URL(src, pageUrl).href, width, height })
    const sets: { srcset: string | null; type?: string }[] = [{ srcset: img.getAttribute('srcset') }]
    if (img.parentElement?.tagName === 'PICTURE') {
      for (const source of img.parentElement.querySelectorAll('source'))
        sets.push({ srcset: source.getAttribute('srcset'), type: source.getAttribute('type') ?? undefined })
    }
    for (const { srcset, type } of sets) {
      for (const candidate of (srcset ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const [url = '', descriptor = ''] = candidate.split(/\s+/)
        const w = descriptor.endsWith('w') ? Number(descriptor.slice(0, -1)) : width
        claims.push({
          url: new URL(url, pageUrl).href,
          width: w,
          height: Math.round((w * height) / width),
          type,
        })
      }
    }
  }
  return claims
}

export interface FetchedImage extends ImageClaim {
  status: number
  contentType: string
  actual?: { width: number; height: number }
}

/** Fetches every claimed URL over HTTP and reads the answer's real size with sharp. */
export async function fetchImages(claims: ImageClaim[]): Promise<FetchedImage[]> {
  return Promise.all(
    claims.map(async (claim) => {
      const response = await fetch(claim.url)
      const bytes = Buffer.from(await response.arrayBuffer())
      const contentType = response.headers.get('content-type') ?? ''
      const metadata = response.ok
        ? await sharp(bytes)
            .metadata()
            .catch(() => undefined)
        : undefined
      const actual =
        metadata?.width && metadata.height ? { width: metadata.width, height: metadata.height } : undefined
      return { ...claim, status: response.status, contentType, actual }
    }),
  )
}

/**
 * What a test asserts: every claim answered 200 with an image content type (the `<source type>` when
 * it gave one) and exactly the claimed width, height within rounding. Lists the failures, `[]` if none.
 */
export function imageProblems(fetched: FetchedImage[]): string[] {
  return fetched.flatMap((image) => {
    const what = `${image.url} (claims ${image.width}x${image.height})`
    if (image.status !== 200) return [`${what}: HTTP ${image.status}`]
    if (!image.contentType.startsWith('image/')) return [`${what}: content-type ${image.contentType}`]
    if (image.type && !image.contentType.startsWith(image.type))
      return [`${what}: ${image.contentType}, not ${image.type}`]
    if (!image.actual) return [`${what}: not an image sharp can read`]
    const { width, height } = image.actual
    if (width !== image.width || Math.abs(height - image.height) > 1)
      return [`${what}: is ${width}x${height}`]
    return []
  })
}
