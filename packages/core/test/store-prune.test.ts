import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore, type Store, type StoredOutput } from '../src/store/index.js'
import { fakePng, keyOf, recipeOf, useTempDirs } from './store-helpers.js'

const tempDir = useTempDirs()
const HOUR_AGO = new Date(Date.now() - 3_600_000)

async function write(store: Store, label: string, images: Buffer[]) {
  return store.writeEntry({
    key: keyOf(label),
    recipe: recipeOf(label),
    images: images.map((bytes) => ({ bytes, width: 2, height: 2 })),
    meta: { model: 'm' },
  })
}

/** Three entries (a and b share a blob) and one orphan blob, all written an hour ago. */
async function populatedStore() {
  const store = openStore({ dir: await tempDir() })
  const recipeFile = (label: string) => join(store.dir, 'recipes', `${keyOf(label)}.json`)
  const shared = fakePng(300, 'shared')
  const a = await write(store, 'a', [fakePng(100, 'a'), shared])
  const b = await write(store, 'b', [shared])
  const c = await write(store, 'c', [fakePng(500, 'c')])
  const orphan = (await write(store, 'orphan', [fakePng(700, 'orphan')])).outputs[0]!
  await rm(recipeFile('orphan'))
  const files = (await store.listRecipes()).map((key) => join(store.dir, 'recipes', `${key}.json`))
  for (const blob of await store.listBlobs()) files.push(store.blobPath(blob))
  for (const file of files) await utimes(file, HOUR_AGO, HOUR_AGO)
  const size = async (file: string) => (await stat(file)).size
  return {
    store,
    a,
    b,
    c,
    orphan,
    recipeSize: (label: string) => size(recipeFile(label)),
    blobSize: (output: StoredOutput) => size(store.blobPath(output)),
  }
}

async function contents(store: Store) {
  return { recipes: await store.listRecipes(), blobs: (await store.listBlobs()).map((blob) => blob.blob) }
}

describe('store: prune', () => {
  it('removes recipes no one references and blobs no remaining recipe references', async () => {
    const { store, a, c, orphan, recipeSize, blobSize } = await populatedStore()
    const removedBytes =
      (await recipeSize('b')) +
      (await recipeSize('c')) +
      (await blobSize(c.outputs[0]!)) +
      (await blobSize(orphan))

    expect(await store.prune([keyOf('a')])).toMatchObject({ recipes: 2, blobs: 2, bytes: removedBytes })
    expect(await contents(store)).toEqual({
      recipes: [keyOf('a')],
      blobs: a.outputs.map((output) => output.blob).sort(),
    })
    expect(await store.readRecipe(keyOf('a'))).toEqual(a)
    expect(await store.prune([keyOf('a')])).toMatchObject({ recipes: 0, blobs: 0, bytes: 0 })
  })

  it('removes only orphan blobs when every recipe is referenced', async () => {
    const { store, a, b, c, orphan, blobSize } = await populatedStore()
    const bytes = await blobSize(orphan)
    expect(await store.prune(['a', 'b', 'c'].map(keyOf))).toMatchObject({ recipes: 0, blobs: 1, bytes })
    for (const record of [a, b, c]) expect(await store.readRecipe(record.key)).toEqual(record)
  })

  it('removes nothing on a dry run, and counts the same', async () => {
    const { store } = await populatedStore()
    const before = await contents(store)
    const dry = await store.prune([keyOf('a')], { dryRun: true })
    expect(dry).toMatchObject({ recipes: 2, blobs: 2 })
    expect(await contents(store)).toEqual(before)
    expect(await store.prune([keyOf('a')])).toEqual({ ...dry, tempFiles: 0 })
  })

  it('keeps what was written moments ago: it may be an entry a build is still writing', async () => {
    const store = openStore({ dir: await tempDir() })
    await write(store, 'fresh', [fakePng(100, 'fresh')])
    expect(await store.prune([])).toEqual({ recipes: 0, blobs: 0, bytes: 0, young: 1, tempFiles: 0 })
    expect((await store.prune([], { graceMs: -1 })).recipes).toBe(1)
    expect(await contents(store)).toEqual({ recipes: [], blobs: [] })
  })

  it('keeps the blobs of a referenced recipe even when the recipe is damaged', async () => {
    const { store, a } = await populatedStore()
    const file = join(store.dir, 'recipes', `${keyOf('a')}.json`)
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, -40))
    await utimes(file, HOUR_AGO, HOUR_AGO)
    await store.prune([keyOf('a')])
    expect((await contents(store)).blobs).toEqual(a.outputs.map((output) => output.blob).sort())
  })

  it('refuses a malformed referenced key rather than pruning everything else', async () => {
    const { store } = await populatedStore()
    const before = await contents(store)
    await expect(store.prune([keyOf('a'), 'not-a-key'])).rejects.toMatchObject({ code: 'STORE_KEY' })
    expect(await contents(store)).toEqual(before)
  })
})
