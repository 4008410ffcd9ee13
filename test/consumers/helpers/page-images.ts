import { Browser, type Document } from 'happy-dom'
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
 * are read as a browser would show them; without, only the served HTML counts. An `img` must carry
 * `width` and `height` (the object's claim); a `640w` candidate claims 640 and the same aspect ratio.
 */
export async function pageImages(
  pageUrl: string,
  options: { scripts: boolean; minimum: number },
): Promise<ImageClaim[]> {
  const browser = new Browser({
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
    return complete ? readClaims(page.mainFrame.document, pageUrl) : claims
  } finally {
    await browser.close()
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
