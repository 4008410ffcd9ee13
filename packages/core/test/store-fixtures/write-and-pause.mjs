// A writer that stops at a chosen point of `writeEntry` and waits there to be killed:
//   IMAGEGEN_STORE_MODULE=<url of the compiled store> node write-and-pause.mjs <storeDir> <key> <blob-write|blob-rename|recipe-rename>
// It prints `paused <temporary file>` once it is there. The store is not modified for this: the child
// replaces functions of node:fs/promises, which the store's named imports then see.
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { fakePng, recipeOf } from './fake-image.mjs'

const [dir, key, pauseAt] = process.argv.slice(2)
const fs = createRequire(import.meta.url)('node:fs/promises')

function pauseForever(file) {
  process.stdout.write(`paused ${file}\n`)
  return new Promise(() => setInterval(() => {}, 1_000))
}

const { open, rename } = fs
fs.open = async (file, ...rest) => {
  const handle = await open(file, ...rest)
  // Temporary files are written in the state directory; the blob's ends in its image extension.
  if (pauseAt === 'blob-write' && /[/\\]\.tmp-[^/\\]+\.png$/.test(String(file))) {
    // Half the bytes reach the temporary file; the other half never will.
    handle.writeFile = async (data) => {
      await handle.write(data.subarray(0, data.length >> 1))
      await handle.sync()
      return pauseForever(file)
    }
  }
  return handle
}
fs.rename = async (from, to) => {
  const into = /[/\\](blob|recipe)s[/\\][^/\\]+$/.exec(String(to))?.[1]
  if (`${into}-rename` === pauseAt) return pauseForever(from)
  return rename(from, to)
}
syncBuiltinESMExports()

const { openStore } = await import(process.env.IMAGEGEN_STORE_MODULE)
const store = openStore({ dir })
await store.writeEntry({
  key,
  recipe: recipeOf(`killed at ${pauseAt}`), // the label the test's key is made of
  images: [{ bytes: fakePng(8 << 20, key), width: 64, height: 64 }],
  meta: { model: 'test-model' },
})
process.stdout.write('written\n')
