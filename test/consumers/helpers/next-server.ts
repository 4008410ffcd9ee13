import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { expect } from 'vitest'
import { type FetchedImage, fetchImages, type ImageClaim, imageProblems, pageImages } from './page-images.js'
import type { Served } from './servers.js'

/** A free loopback port: Next takes a port number, not 0. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** `next start` or `next dev` of a project on loopback, ready once its page answers; ended by its pid. */
export async function startNext(dir: string, command: 'start' | 'dev', env: Record<string, string> = {}) {
  const port = await freePort()
  const child = spawn(
    join(dir, 'node_modules', '.bin', 'next'),
    [command, '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NEXT_TELEMETRY_DISABLED: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const url = `http://127.0.0.1:${port}/`
  const served: Served & { output: () => string } = {
    url,
    output: () => output,
    close: async () => {
      child.kill()
      await closed
    },
  }
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline && child.exitCode === null) {
    const answered = await fetch(url).then(
      (response) => response.status,
      () => 0,
    )
    if (answered === 200) return served
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await served.close()
  throw new Error(`next ${command} did not serve ${url}:\n${output}`)
}

/**
 * Next's image optimizer (`/_next/image?url=<file>&w=<n>`) serves `n` pixels wide, never more than the
 * file itself: the claim of such a URL is the file's size scaled down to `n` (the markup's `1x`/`2x`
 * and widths past the file say nothing else). The file behind it is claimed at its own size.
 */
async function optimizerClaims(claims: ImageClaim[], pageUrl: string): Promise<ImageClaim[]> {
  const files = new Map<string, FetchedImage>()
  const result: ImageClaim[] = []
  for (const claim of claims) {
    const url = new URL(claim.url)
    if (url.pathname !== '/_next/image') {
      result.push(claim)
      continue
    }
    const fileUrl = new URL(url.searchParams.get('url') ?? '', pageUrl).href
    let file = files.get(fileUrl)
    if (!file) {
      ;[file] = await fetchImages([{ url: fileUrl, width: 0, height: 0 }])
      if (!file?.actual) throw new Error(`${fileUrl} behind ${claim.url} is not an image`)
      files.set(fileUrl, file)
      result.push({ url: fileUrl, ...file.actual })
    }
    const original = file.actual as { width: number; height: number }
    const width = Math.min(Number(url.searchParams.get('w')), original.width)
    result.push({ url: claim.url, width, height: Math.round((width * original.height) / original.width) })
  }
  return result
}

/**
 * The served page of a Next app: at least `minimum` image URLs (next/image's optimizer URLs and the
 * files behind them, plain `src`/`srcset`), each 200 with an image type and the size claimed; and
 * `blurred` images showing imagegen's blur placeholder while they load.
 */
export async function expectNextPageImages(pageUrl: string, options: { minimum: number; blurred: number }) {
  const html = await (await fetch(pageUrl)).text()
  const blurred = html.match(
    /background-image:url\(&quot;data:image\/svg\+xml[^"]*href=&#x27;data:image\/webp;base64,/g,
  )
  expect(blurred?.length ?? 0, 'next/image blur placeholders').toBeGreaterThanOrEqual(options.blurred)
  const claims = await optimizerClaims(
    await pageImages(pageUrl, { scripts: false, minimum: options.minimum }),
    pageUrl,
  )
  expect(claims.length, `image URLs in ${pageUrl}`).toBeGreaterThanOrEqual(options.minimum)
  expect(claims.some((claim) => new URL(claim.url).pathname.startsWith('/_next/static/media/'))).toBe(true)
  expect(imageProblems(await fetchImages(claims))).toEqual([])
}
