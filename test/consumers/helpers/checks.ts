import { join } from 'node:path'
import type { FakeOpenAI } from '@imagegen/openai-fake'
import { expect } from 'vitest'
import { siteImages } from '../../helpers/examples.js'
import { type Consumer, FAKE_KEY } from './consumer.js'
import { fetchImages, imageProblems, type Navigation, pageImages } from './page-images.js'
import { type Served, startServerCommand } from './servers.js'

/** A build that generates through the fake server with a fake key, as a developer's machine would. */
export function generateEnv(fake: FakeOpenAI): Record<string, string> {
  return { OPENAI_API_KEY: FAKE_KEY, OPENAI_BASE_URL: fake.url }
}

/**
 * The proof every consumer project gives: the page at `pageUrl` uses at least `minimum` image URLs,
 * and each answers 200 with an image content type and the size the markup claims. Returns them.
 */
export async function expectServedImages(
  pageUrl: string,
  options: { scripts: boolean; minimum: number; navigate?: Navigation },
) {
  const claims = await pageImages(pageUrl, options)
  expect(claims.length, `image URLs in ${pageUrl}`).toBeGreaterThanOrEqual(options.minimum)
  expect(imageProblems(await fetchImages(claims))).toEqual([])
  return claims
}

/** The built output's html and scripts hold neither the key nor the prompts (unless asked for). */
export async function expectNothingPrivate(project: Consumer, outDir: string, prompts: string[]) {
  const { text } = await siteImages(join(project.dir, outDir))
  expect(text).not.toContain(FAKE_KEY)
  for (const prompt of prompts) expect(text).not.toContain(prompt)
}

/** `vite preview` or `vite` of the project on a free loopback port. */
export function startVite(project: Consumer, args: string[], env?: Record<string, string>): Promise<Served> {
  return startServerCommand(
    join(project.dir, 'node_modules', '.bin', 'vite'),
    [...args, '--host', '127.0.0.1', '--port', '0'],
    {
      cwd: project.dir,
      env,
    },
  )
}
