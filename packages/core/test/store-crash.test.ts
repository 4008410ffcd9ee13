import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../src/store/index.js'
import { fakePng, keyOf, recipeOf, runFixture, useCompiledStore, useTempDirs } from './store-helpers.js'

const tempDir = useTempDirs()
const compiledStore = useCompiledStore()
const IMAGE_SIZE = 8 << 20 // as write-and-pause.mjs writes it

/** The store's folders, and the temporary files of its state directory (outside the store). */
async function listing(dir: string) {
  const names = async (path: string) => (await readdir(path).catch(() => [])).sort()
  const temp = join(openStore({ dir }).stateDir, 'tmp')
  return {
    recipes: await names(join(dir, 'recipes')),
    blobs: await names(join(dir, 'blobs')),
    temp: await names(temp),
  }
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
      expect(files.recipes).toEqual([])
      // Temporary files are machine state: none is ever in the store, where git or a CI cache would take it.
      expect(files.blobs.some((name) => name.startsWith('.tmp-'))).toBe(false)
      // Blobs are renamed into place before the recipe: only a complete blob may be visible.
      const visibleBlobs = await store.listBlobs()
      expect(visibleBlobs.map((blob) => blob.bytes)).toEqual(
        pauseAt === 'recipe-rename' ? [IMAGE_SIZE + 8] : [],
      )
      expect(files.temp.filter((name) => name.startsWith('.tmp-'))).toHaveLength(1)

      const bytes = fakePng(IMAGE_SIZE, key)
      await store.writeEntry({
        key,
        recipe: recipeOf(`killed at ${pauseAt}`),
        images: [{ bytes, width: 64, height: 64 }],
        meta: { model: 'm' },
      })
      const record = await store.readRecipe(key)
      expect(record?.recipe).toEqual(recipeOf(`killed at ${pauseAt}`))
      // Buffer.equals: a deep toEqual over 8 MiB takes a minute.
      expect((await store.readBlob(record!.outputs[0]!)).equals(bytes)).toBe(true)

      // The dead writer's temporary file is left to cleanTemp, which spares young ones (a live writer's).
      expect(await store.cleanTemp()).toEqual({ files: 0, bytes: 0 })
      expect(await store.cleanTemp({ olderThanMs: -1 })).toEqual({ files: 1, bytes: tempSize })
      const after = await listing(dir)
      expect(after.temp).toEqual([])
      expect(await store.readRecipe(key)).toEqual(record)
    },
  )
})
