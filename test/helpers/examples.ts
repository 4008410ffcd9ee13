import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface BuildResult {
  code: number
  output: string
}

/**
 * Runs a command with a clean environment: no key, no CI, no mode unless given, so a developer's or
 * CI's own variables do not change what is measured.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<BuildResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
  // NODE_EXTRA_CA_CERTS: a machine whose proxy re-signs TLS needs it for any download a cache lacks.
  for (const name of ['PNPM_HOME', 'TMPDIR', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...env, NO_COLOR: '1', ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, output: `${stdout}\n${stderr}` })
      },
    )
  })
}

/** `pnpm --filter ./examples/<name> build`, from the repository root. */
export function buildExample(name: string, env: Record<string, string>): Promise<BuildResult> {
  return run('pnpm', ['--filter', `./examples/${name}`, 'build'], { cwd: REPO, env })
}

/** Every file under a directory, as paths relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

const IMAGE_URL = /[\w@./-]+\.(?:webp|png|jpe?g|avif)\b/g

/**
 * What a built site says about its images: the text of its html and scripts, and every image URL in
 * them that names a file (`data:` URLs aside).
 */
export async function siteImages(dist: string): Promise<{ text: string; urls: string[]; files: string[] }> {
  const files = await filesUnder(dist)
  const texts = await Promise.all(
    files.filter((file) => /\.(?:html|m?js)$/.test(file)).map((file) => readFile(join(dist, file), 'utf8')),
  )
  const text = texts.join('\n')
  const urls = [...new Set(text.match(IMAGE_URL) ?? [])].filter((url) => url.includes('/'))
  return { text, urls, files }
}
