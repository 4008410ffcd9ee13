import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import puppeteer, { type Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reviewRepository } from '../packages/cli/test/review-fixture.js'
import { runImagegen } from './helpers/run-cli.js'

// Debian's chromium, which .ci/run installs when it is missing. Screenshots are kept for a person to look at.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts')

let fake: FakeOpenAI
let browser: Browser
let gallery: string

beforeAll(async () => {
  fake = await startFakeOpenAI()
  const cwd = await reviewRepository({
    OPENAI_API_KEY: 'fake-key-imagegen-review-5e1d',
    OPENAI_BASE_URL: fake.url,
  })
  const result = await runImagegen(['review', '--out', 'review'], { cwd })
  if (result.code !== 0) throw new Error(result.stderr)
  gallery = pathToFileURL(join(cwd, 'review', 'index.html')).href
  browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true })
}, 90_000)
afterAll(async () => {
  await browser?.close()
  await fake.close()
})

describe('the review gallery in a real browser', () => {
  it('loads every image, shows the diffs and the totals, and moves between entries with j/k', async () => {
    const page = await browser.newPage()
    await page.setViewport({ width: 1280, height: 900 })
    await page.goto(gallery, { waitUntil: 'load' })
    // lazy images below the fold load once scrolled to; a broken image has no natural width.
    await page.evaluate(async () => {
      for (const image of Array.from(document.images)) image.loading = 'eager'
      await Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined)))
    })
    const images = await page.$$eval('img', (all) =>
      all.map((image) => ({ src: image.getAttribute('src'), width: image.naturalWidth })),
    )
    // banner before + after, poster after, card-back before; sketch is missing, so it has none.
    expect(images).toHaveLength(4)
    for (const image of images) expect(image.width, image.src ?? '').toBeGreaterThan(0)

    const summary = await page.$eval('#summary', (element) => element.textContent)
    expect(summary).toMatch(/2 added, 1 changed, 1 removed, 3 unchanged · new images cost \$0\.038/)
    const headings = await page.$$eval('section.entry h2', (all) => all.map((heading) => heading.textContent))
    expect(headings).toEqual([
      'added images.yaml#poster',
      'added images.yaml#sketch',
      'changed images.yaml#banner',
      'removed images.yaml#card-back',
    ])
    expect(await page.$eval('.kind-changed .prompt del', (element) => element.textContent)).toBe('dawn')
    expect(await page.$eval('.kind-changed .prompt ins', (element) => element.textContent)).toBe(
      'dusk, long shadows',
    )
    expect(await page.$eval('.kind-added:nth-of-type(2) .facts', (element) => element.textContent)).toContain(
      'missing',
    )

    await page.keyboard.press('j')
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entry-1')
    await page.keyboard.press('k')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entry-0')

    await mkdir(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: join(ARTIFACTS, 'review-gallery.png'), fullPage: true })
  })

  it('reads the same without JavaScript: every entry and image is in the markup', async () => {
    const page = await browser.newPage()
    await page.setJavaScriptEnabled(false)
    await page.goto(gallery, { waitUntil: 'load' })
    expect(await page.$$eval('section.entry', (all) => all.length)).toBe(4)
    expect(await page.$$eval('nav a', (all) => all.map((link) => link.getAttribute('href')))).toEqual([
      '#entry-0',
      '#entry-1',
      '#entry-2',
      '#entry-3',
    ])
  })
})
