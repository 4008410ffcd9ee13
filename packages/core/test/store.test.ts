import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ImagegenError } from '../src/errors.js'
import { openStore } from '../src/store/index.js'
import { fakePng, hashOf, keyOf, recipeOf, recordingLogger, useTempDirs } from './store-helpers.js'

const tempDir = useTempDirs()

function entry(label: string, images = [fakePng(500, label)]) {
  return {
    key: keyOf(label),
    recipe: recipeOf(label),
    images: images.map((bytes) => ({ bytes, format: 'png' as const, width: 64, height: 48 })),
    meta: { model: 'gpt-image-1', usage: { total_tokens: 10 }, requestId: 'req_1', created: new Date(0) },
  }
}

describe('store: writing and reading entries', () => {
  it('reads back what it wrote, blobs named by their sha256', async () => {
    const store = openStore({ dir: await tempDir() })
    const bytes = fakePng(2000, 'hero')
    const written = await store.writeEntry({
      ...entry('hero', [bytes]),
      images: [{ bytes, width: 64, height: 48, revisedPrompt: 'an otter' }],
    })

    expect(written).toEqual({
      version: 1,
      key: keyOf('hero'),
      recipe: recipeOf('hero'),
      outputs: [
        {
          blob: hashOf(bytes),
          format: 'png',
          width: 64,
          height: 48,
          bytes: bytes.length,
          revised_prompt: 'an otter',
        },
      ],
      created: '1970-01-01T00:00:00.000Z',
      model: 'gpt-image-1',
      usage: { total_tokens: 10 },
      request_id: 'req_1',
    })
    expect(await store.readRecipe(keyOf('hero'))).toEqual(written)
    const [output] = written.outputs
    expect(await store.readBlob(output!)).toEqual(bytes)
    expect(store.blobPath(output!)).toBe(join(store.dir, 'blobs', `${output!.blob}.png`))
    expect(await readFile(store.blobPath(output!))).toEqual(bytes)
    expect(await store.verifyEntry(keyOf('hero'))).toBe('stored')
  })

  it('writes a record people can read and diff', async () => {
    const store = openStore({ dir: await tempDir() })
    await store.writeEntry(entry('hero'))
    const text = await readFile(join(store.dir, 'recipes', `${keyOf('hero')}.json`), 'utf8')
    expect(text).toMatch(/^\{\n {2}"version": 1,\n {2}"key": "[0-9a-f]{64}",\n/)
    expect(text.endsWith('}\n')).toBe(true)
  })

  it('stores identical bytes once, whichever recipes use them', async () => {
    const store = openStore({ dir: await tempDir() })
    const shared = fakePng(800, 'shared')
    const a = await store.writeEntry(entry('a', [shared, fakePng(800, 'only-a')]))
    const b = await store.writeEntry(entry('b', [shared]))
    expect(a.outputs[0]!.blob).toBe(b.outputs[0]!.blob)
    expect((await store.listBlobs()).map((blob) => blob.blob).sort()).toEqual(
      [a.outputs[0]!.blob, a.outputs[1]!.blob].sort(),
    )
    expect(await store.listRecipes()).toEqual([keyOf('a'), keyOf('b')].sort())
  })

  it('names jpeg blobs .jpg and keeps the format the bytes show', async () => {
    const store = openStore({ dir: await tempDir() })
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), fakePng(100, 'j')])
    const record = await store.writeEntry({
      ...entry('photo'),
      images: [{ bytes: jpeg, width: 10, height: 10 }],
    })
    expect(record.outputs[0]!.format).toBe('jpeg')
    expect(await readdir(join(store.dir, 'blobs'))).toEqual([`${record.outputs[0]!.blob}.jpg`])
    expect(await store.readRecipe(keyOf('photo'))).toEqual(record)
  })

  it('is a miss, silently, for a key never written; and opening a store writes nothing', async () => {
    const dir = await tempDir()
    const logger = recordingLogger()
    const store = openStore({ dir: join(dir, '.imagegen'), logger })
    expect(await store.readRecipe(keyOf('nothing'))).toBeUndefined()
    expect(await store.verifyEntry(keyOf('nothing'))).toBe('missing')
    expect(await store.listRecipes()).toEqual([])
    expect(await store.listBlobs()).toEqual([])
    expect(await readdir(dir)).toEqual([])
    expect(logger.warnings).toEqual([])
  })

  it('ignores files that are not entries', async () => {
    const store = openStore({ dir: await tempDir() })
    await store.writeEntry(entry('hero'))
    await writeFile(join(store.dir, 'recipes', '.tmp-1-abc-x.json'), '{')
    await writeFile(join(store.dir, 'recipes', 'notes.txt'), 'hello')
    await writeFile(join(store.dir, 'blobs', `${keyOf('x')}.bmp`), 'BM')
    expect(await store.listRecipes()).toEqual([keyOf('hero')])
    expect((await store.listBlobs()).length).toBe(1)
  })
})

describe('store: refusing bad input', () => {
  const badKeys = [
    '../../etc/passwd',
    keyOf('x').toUpperCase(),
    `${keyOf('x')}0`,
    keyOf('x').slice(1),
    '',
    'a/b',
  ]

  it.each(badKeys)('rejects the key %j before building any path', async (key) => {
    const dir = await tempDir()
    const store = openStore({ dir })
    const ref = { blob: key, format: 'png' as const }
    for (const attempt of [
      () => store.readRecipe(key),
      () => store.verifyEntry(key),
      () => store.readBlob(ref),
      () => store.writeEntry({ ...entry('x'), key }),
      () => store.acquireLock(key),
      () => store.prune([key]),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'STORE_KEY' })
    }
    expect(() => store.blobPath(ref)).toThrow(ImagegenError)
    expect(await readdir(dir)).toEqual([])
  })

  it('rejects a blob format it does not keep', async () => {
    const store = openStore({ dir: await tempDir() })
    expect(() => store.blobPath({ blob: keyOf('x'), format: '../x' as 'png' })).toThrow(/not an image format/)
  })

  it('refuses bytes that are not an image, or not the format claimed, and writes nothing', async () => {
    const dir = await tempDir()
    const store = openStore({ dir })
    const notImage = { bytes: Buffer.from('<html>'), width: 1, height: 1 }
    await expect(store.writeEntry({ ...entry('x'), images: [notImage] })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    })
    const claimed = { bytes: fakePng(10, 'x'), format: 'webp' as const, width: 1, height: 1 }
    await expect(store.writeEntry({ ...entry('x'), images: [claimed] })).rejects.toThrow(
      /said to be webp is png/,
    )
    await expect(store.writeEntry({ ...entry('x'), images: [] })).rejects.toThrow(/no images/)
    const noSize = { bytes: fakePng(10, 'x'), width: 0, height: 1 }
    await expect(store.writeEntry({ ...entry('x'), images: [noSize] })).rejects.toThrow(/0x1/)
    expect(await store.listRecipes()).toEqual([])
  })
})
