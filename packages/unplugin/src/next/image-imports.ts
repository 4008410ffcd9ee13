import { copyFile, link, mkdir } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import type { AssetEmitter } from '../hosts/host.js'

/**
 * Next (Turbopack and webpack alike): module code imports each derived file as an ordinary image
 * import, and Next's own image handling emits it under `/_next/static/media/`, serves it, and answers
 * with `{ src, width, height, … }`, whose `src` is the URL. Turbopack gives loaders no `emitFile`, and
 * with webpack this places server and client files where Next serves them.
 *
 * The import names a link to the derivative, `<dir>/<hash>/<name>`, so the served file is called
 * `hero-640.<hash>.webp` rather than after the cache key. The specifier is relative to the manifest:
 * Turbopack resolves a leading `/` against the project root, not the file system.
 */
export function nextImageEmitter(
  manifestFile: string,
  dir: string,
  onFile: (file: string) => void,
): AssetEmitter {
  return {
    emitsBytes: false,
    async url(_context, { variant, name }) {
      const file = join(dir, variant.hash.slice(0, 16), name)
      await linkOnce(variant.file, file)
      onFile(file)
      const path = relative(dirname(manifestFile), file).split(sep).join('/')
      return { import: path.startsWith('.') ? path : `./${path}`, property: 'src' }
    },
  }
}

/** A hard link where the file system allows one, else a copy; an existing one is the same bytes (same hash). */
async function linkOnce(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true })
  try {
    await link(from, to)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return
    if (code !== 'EXDEV' && code !== 'EPERM') throw error
    await copyFile(from, to)
  }
}
