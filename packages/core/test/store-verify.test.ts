import { appendFile, open, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../src/store/index.js'
import { fakePng, keyOf, recipeOf, recordingLogger, useTempDirs } from './store-helpers.js'

const tempDir = useTempDirs()

async function storeWithEntry(label = 'hero') {
  const logger = recordingLogger()
  const store = openStore({ dir: await tempDir(), logger })
  const record = await store.writeEntry({
    key: keyOf(label),
    recipe: recipeOf(label),
    images: [{ bytes: fakePng(4000, label), width: 8, height: 8 }],
    meta: { model: 'gpt-image-1' },
  })
  const output = record.outputs[0]!
  return { store, logger, record, output, key: keyOf(label), blobFile: store.blobPath(output) }
}

/** Overwrites one byte in place: same size, same inode. */
async function flipByte(file: string, position: number) {
  const handle = await open(file, 'r+')
  const byte = Buffer.alloc(1)
  await handle.read(byte, 0, 1, position)
  await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, position)
  await handle.close()
}

describe('store: a damaged entry is a miss, never served', () => {
  it('detects a flipped byte in a blob, warns, and keeps the file', async () => {
    const { store, logger, key, output, blobFile } = await storeWithEntry()
    expect(await store.readRecipe(key)).toBeDefined()
    await flipByte(blobFile, 2000)

    expect(await store.readRecipe(key)).toBeUndefined()
    expect(logger.warnings).toEqual([
      expect.stringMatching(new RegExp(`${key} is corrupt.*does not hash to its name`)),
    ])
    expect(await store.verifyEntry(key)).toBe('corrupt')
    await expect(store.readBlob(output)).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    expect((await readFile(blobFile)).length).toBe(output.bytes)
  })

  it('is a miss when a blob the recipe names is missing', async () => {
    const { store, logger, key, blobFile } = await storeWithEntry()
    await rm(blobFile)
    expect(await store.readRecipe(key)).toBeUndefined()
    expect(await store.inspectEntry(key)).toEqual({
      status: 'corrupt',
      problem: expect.stringMatching(/is missing$/),
    })
    expect(await store.verifyEntry(key)).toBe('corrupt')
    expect(logger.warnings).toHaveLength(1) // the same problem is reported once
  })

  it('is a miss when a blob has grown, even with a valid prefix', async () => {
    const { store, key, blobFile } = await storeWithEntry()
    await appendFile(blobFile, 'x')
    expect(await store.readRecipe(key)).toBeUndefined()
  })

  const damagedRecipes: [string, (text: string) => string][] = [
    ['unparsable', (text) => text.slice(0, text.length / 2)],
    ['empty', () => ''],
    ['of another version', (text) => text.replace('"version": 1', '"version": 2')],
    ['of another key', (text) => text.replace(/"key": "[0-9a-f]+"/, `"key": "${keyOf('other')}"`)],
    [
      'naming a blob by a bad hash',
      (text) => text.replace(/"blob": "[0-9a-f]+"/, '"blob": "../../etc/passwd"'),
    ],
    ['without outputs', (text) => text.replace(/"outputs": \[[^\]]*\]/, '"outputs": []')],
  ]

  it.each(damagedRecipes)('is a miss with a warning for a recipe file %s', async (_, damage) => {
    const { store, logger, key } = await storeWithEntry()
    const file = join(store.dir, 'recipes', `${key}.json`)
    const damaged = damage(await readFile(file, 'utf8'))
    await writeFile(file, damaged)

    expect(await store.readRecipe(key)).toBeUndefined()
    expect(await store.verifyEntry(key)).toBe('corrupt')
    expect(logger.warnings).toEqual([expect.stringContaining(`${key} is corrupt`)])
    expect(await readFile(file, 'utf8')).toBe(damaged)
  })

  it('heals when the entry is written again', async () => {
    const { store, key, blobFile, output } = await storeWithEntry()
    await flipByte(blobFile, 10)
    await store.writeEntry({
      key,
      recipe: recipeOf('hero'),
      images: [{ bytes: fakePng(4000, 'hero'), width: 8, height: 8 }],
      meta: { model: 'gpt-image-1' },
    })
    expect(await store.readRecipe(key)).toBeDefined()
    expect(await store.readBlob(output)).toEqual(fakePng(4000, 'hero'))
  })
})

describe('store: remembering verified blobs', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Moves the clock past the window in which a file's times are too fresh to vouch for it. */
  function later() {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
  }

  it('does not hash an unchanged blob twice', async () => {
    const { store, key, output } = await storeWithEntry()
    later()
    expect(await store.readBlob(output)).toEqual(fakePng(4000, 'hero'))
    expect(store.stats()).toEqual({ hashed: 1, cacheHits: 0 })
    expect(await store.readBlob(output)).toEqual(fakePng(4000, 'hero'))
    expect(await store.readRecipe(key)).toBeDefined()
    expect(await store.verifyEntry(key)).toBe('stored')
    expect(store.stats()).toEqual({ hashed: 1, cacheHits: 3 })
  })

  it('hashes again when the mtime changes, and serves the blob if it still matches', async () => {
    const { store, output, blobFile } = await storeWithEntry()
    later()
    await store.readBlob(output)
    await utimes(blobFile, new Date(1_000), new Date(1_000))
    expect(await store.readBlob(output)).toEqual(fakePng(4000, 'hero'))
    expect(store.stats().hashed).toBe(2)
  })

  it('hashes again when the size changes, and does not serve it', async () => {
    const { store, output, key, blobFile } = await storeWithEntry()
    later()
    await store.readBlob(output)
    await appendFile(blobFile, 'x')
    await expect(store.readBlob(output)).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    expect(await store.readRecipe(key)).toBeUndefined()
    expect(store.stats()).toEqual({ hashed: 3, cacheHits: 0 })
  })

  it('does not vouch for a file changed within the last moments, whose times may not move again', async () => {
    const { store, output, key, blobFile } = await storeWithEntry()
    await store.readBlob(output)
    await store.readBlob(output)
    expect(store.stats()).toEqual({ hashed: 2, cacheHits: 0 })
    // Within the same clock tick as the read before it: only hashing can notice this.
    await flipByte(blobFile, 100)
    expect(await store.readRecipe(key)).toBeUndefined()
  })
})

describe('store: remembering verified blobs across processes', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  function later() {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
  }

  /** An entry verified by one store, its record saved: what the next process finds. */
  async function verifiedByEarlierProcess() {
    const written = await storeWithEntry()
    const verifiedCacheFile = join(await tempDir(), 'cache', 'verified.json')
    later()
    const first = openStore({ dir: written.store.dir, verifiedCacheFile })
    expect(await first.readRecipe(written.key)).toBeDefined()
    expect(first.stats()).toEqual({ hashed: 1, cacheHits: 0 })
    await first.saveVerified()
    const next = () => openStore({ dir: written.store.dir, logger: written.logger, verifiedCacheFile })
    return { ...written, verifiedCacheFile, next }
  }

  it('trusts the record of an earlier process for an unchanged blob', async () => {
    const { key, output, next } = await verifiedByEarlierProcess()
    const store = next()
    expect(await store.readRecipe(key)).toBeDefined()
    expect(await store.readBlob(output)).toEqual(fakePng(4000, 'hero'))
    expect(store.stats()).toEqual({ hashed: 0, cacheHits: 2 })
  })

  it('hashes a blob changed since (same size, new mtime) and finds it corrupt', async () => {
    const { key, blobFile, logger, next } = await verifiedByEarlierProcess()
    await flipByte(blobFile, 2000)
    await utimes(blobFile, new Date(5_000), new Date(5_000))
    const store = next()
    expect(await store.readRecipe(key)).toBeUndefined()
    expect(store.stats()).toEqual({ hashed: 1, cacheHits: 0 })
    expect(logger.warnings).toEqual([expect.stringMatching(/does not hash to its name/)])
  })

  it('does not trust a record whose hash is not the one asked for', async () => {
    const { key, blobFile, verifiedCacheFile, next } = await verifiedByEarlierProcess()
    const record = JSON.parse(await readFile(verifiedCacheFile, 'utf8'))
    record.files[blobFile].hash = keyOf('another image')
    await writeFile(verifiedCacheFile, JSON.stringify(record))
    const store = next()
    expect(await store.readRecipe(key)).toBeDefined()
    expect(store.stats()).toEqual({ hashed: 1, cacheHits: 0 })
  })

  it.each([
    ['unparsable', '{"version": 1, "files": {'],
    ['of another version', '{"version": 99, "files": {}}'],
    ['of the wrong shape', '{"version": 1, "files": []}'],
  ])('ignores a record file that is %s', async (_, text) => {
    const { key, verifiedCacheFile, next } = await verifiedByEarlierProcess()
    await writeFile(verifiedCacheFile, text)
    const store = next()
    expect(await store.readRecipe(key)).toBeDefined()
    expect(store.stats()).toEqual({ hashed: 1, cacheHits: 0 })
    // Its own verification replaces the damaged record.
    await store.saveVerified()
    const after = next()
    expect(await after.readRecipe(key)).toBeDefined()
    expect(after.stats()).toEqual({ hashed: 0, cacheHits: 1 })
  })

  it('does not write the record again when it learned nothing new', async () => {
    const { key, verifiedCacheFile, next } = await verifiedByEarlierProcess()
    const store = next()
    expect(await store.readRecipe(key)).toBeDefined()
    await rm(verifiedCacheFile)
    await store.saveVerified()
    await expect(readFile(verifiedCacheFile)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
