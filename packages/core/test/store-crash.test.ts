import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../src/store/index.js'
import { fakePng, keyOf, runFixture, useCompiledStore, useTempDirs } from './store-helpers.js'

const tempDir = useTempDirs()
const compiledStore = useCompiledStore()
const IMAGE_SIZE = 8 << 20 // as write-and-pause.mjs writes it

async function listing(dir: string) {
  const names = async (sub: string) => (await readdir(join(dir, sub)).catch(() => [])).sort()
  return { recipes: await names('recipes'), blobs: await names('blobs') }
}

describe('store: a writer killed mid-write', () => {
  it.each(['blob-write', 'blob-rename', 'recipe-rename'])(
    'leaves no visible entry when killed at %s, and a later write succeeds',
    async (pauseAt) => {
      const dir = await tempDir()
      const key = keyOf(`killed at ${pauseAt}`)
      const writer = runFixture(compiledStore(), 'write-and-pause.mjs', [dir, key, pauseAt])
      const temp = (await writer.line('paused ')).slice('paused '.length)
      const tempSize = (await stat(temp)).size
      if (pauseAt === 'blob-write') expect(tempSize).toBeLessThan(IMAGE_SIZE)
      writer.process.kill('SIGKILL')
      expect(await writer.exited).toBe('SIGKILL')

      const store = openStore({ dir })
      expect(await store.readRecipe(key)).toBeUndefined()
      expect(await store.verifyEntry(key)).toBe('missing')
      expect(await store.listRecipes()).toEqual([])
      const files = await listing(dir)
      expect(files.recipes.every((name) => name.startsWith('.tmp-'))).toBe(true)
      // Blobs are renamed into place before the recipe: only a complete blob may be visible.
      const visibleBlobs = await store.listBlobs()
      expect(visibleBlobs.map((blob) => blob.bytes)).toEqual(
        pauseAt === 'recipe-rename' ? [IMAGE_SIZE + 8] : [],
      )
      expect([...files.recipes, ...files.blobs].filter((name) => name.startsWith('.tmp-'))).toHaveLength(1)

      const bytes = fakePng(IMAGE_SIZE, key)
      await store.writeEntry({
        key,
        recipe: { again: true },
        images: [{ bytes, width: 64, height: 64 }],
        meta: { model: 'm' },
      })
      const record = await store.readRecipe(key)
      expect(record?.recipe).toEqual({ again: true })
      // Buffer.equals: a deep toEqual over 8 MiB takes a minute.
      expect((await store.readBlob(record!.outputs[0]!)).equals(bytes)).toBe(true)

      // The dead writer's temporary file is left to cleanTemp, which spares young ones (a live writer's).
      expect(await store.cleanTemp()).toEqual({ files: 0, bytes: 0 })
      expect(await store.cleanTemp({ olderThanMs: -1 })).toEqual({ files: 1, bytes: tempSize })
      const after = await listing(dir)
      expect([...after.recipes, ...after.blobs].some((name) => name.startsWith('.tmp-'))).toBe(false)
      expect(await store.readRecipe(key)).toEqual(record)
    },
  )
})
