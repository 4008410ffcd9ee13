import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createImagegen, type ManifestEntry } from '../src/internal.js'
import { createProject, issuesOf, type Project, png, recordingLogger } from './manifest-helpers.js'

const MANIFEST = `defaults:
  model: gpt-image-1
  size: 1024x1024

images:
  hero:
    prompt: An otter in a kelp forest
    alt: An otter
  basket:
    prompt: Put this in a gift basket
    images: [./square.png]
  custom:
    model: my-own-model
    prompt: Anything at all
`

describe('the parsed-manifest cache', () => {
  let project: Project
  let cacheDir: string
  let manifestFile: string
  const engine = (logger = recordingLogger()) =>
    createImagegen({ root: project.root, cacheDir, mode: 'frozen', logger })
  const load = async (logger = recordingLogger()) => (await engine(logger).loadManifest(manifestFile)).entries
  const entry = (entries: readonly ManifestEntry[], name: string) => {
    const found = entries.find((each) => each.name === name)
    if (!found) throw new Error(`no entry ${name}`)
    return found
  }
  /** The one cache file, rewritten so that a hit is told from a parse by what it returns. */
  const tamperWithCache = async (alt: string) => {
    const dir = join(cacheDir, 'manifests')
    const [file] = await readdir(dir)
    if (!file) throw new Error('no cached manifest')
    const text = await readFile(join(dir, file), 'utf8')
    await writeFile(join(dir, file), text.replace('"alt":"An otter"', `"alt":"${alt}"`))
  }

  beforeEach(async () => {
    project = await createProject()
    cacheDir = join(project.root, 'node_modules', '.cache', 'imagegen')
    manifestFile = await project.write('images.yaml', MANIFEST)
    return () => rm(join(project.root, '..'), { recursive: true, force: true })
  })

  it('answers a load of unchanged bytes from the cache: the same entries, keys and warnings', async () => {
    const firstLogger = recordingLogger()
    const parsed = await load(firstLogger)
    const secondLogger = recordingLogger()
    const cached = await load(secondLogger)
    expect(cached).toEqual(parsed)
    const keys = async (entries: ManifestEntry[]) => (await engine().plan(entries)).map(({ key }) => key)
    expect(await keys(cached)).toEqual(await keys(parsed))
    expect(firstLogger.warnings).toHaveLength(1)
    expect(firstLogger.warnings[0]).toContain('my-own-model')
    expect(secondLogger.warnings).toEqual(firstLogger.warnings)

    await tamperWithCache('from the cache')
    expect(entry(await load(), 'hero').alt).toBe('from the cache')
  })

  it('parses again when the manifest changed, and positions follow the new text', async () => {
    expect(entry(await load(), 'basket').position).toMatchObject({ file: 'images.yaml', line: 9, column: 3 })
    await tamperWithCache('from the cache')
    await writeFile(manifestFile, MANIFEST.replace('images:\n', 'images:\n  # two lines\n  # above\n'))
    const entries = await load()
    expect(entry(entries, 'hero').alt).toBe('An otter')
    expect(entry(entries, 'hero').position.line).toBe(8)
    expect(entry(entries, 'basket').position.line).toBe(11)
    expect(entry(entries, 'basket').images[0]?.position.line).toBe(13)

    await writeFile(manifestFile, MANIFEST.replace('  size: 1024x1024\n', '\n\n  size: 1600x900\n'))
    const issues = await issuesOf(engine().loadManifest(manifestFile))
    expect(issues.map((issue) => issue.position)).toEqual([{ file: 'images.yaml', line: 5, column: 9 }])
    // A manifest with problems is never cached: it fails the same way every time.
    const again = await issuesOf(engine().loadManifest(manifestFile))
    expect(again.map((issue) => issue.position)).toEqual([{ file: 'images.yaml', line: 5, column: 9 }])
  })

  it('parses again when an input file changed, so its checks still hold', async () => {
    await load()
    await tamperWithCache('from the cache')
    await project.write('square.png', png(16, 16))
    expect(entry(await load(), 'hero').alt).toBe('An otter')

    await tamperWithCache('from the cache')
    await project.write('square.png', 'no longer an image')
    const issues = await issuesOf(engine().loadManifest(manifestFile))
    expect(issues.map((issue) => issue.problem)).toEqual(['`./square.png` is not an image file'])
  })

  it('caches nothing without a cache dir', async () => {
    const { loadManifest } = await import('../src/internal.js')
    await loadManifest(manifestFile, { root: project.root })
    await expect(readdir(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
